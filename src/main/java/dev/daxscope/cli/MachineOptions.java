package dev.daxscope.cli;

import dev.daxscope.linux.ProcMaps;
import dev.daxscope.linux.SysfsWriter;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.linux.Snapshots;
import dev.daxscope.source.sim.MachineLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The machine a command looks at: a simulated one, a sysfs/procfs tree on disk, a capture,
 * another host's (read from its {@code daxscope serve --share-state}), or this machine. The same option names on every command that opens a machine, the inspector's
 * included.
 */
final class MachineOptions {
    @Option(names = "--machine", paramLabel = "FILE.dax", description = "Build the simulated machine from this script.")
    Path machine;

    @Option(names = "--sysfs-root", paramLabel = "DIR", description = "Read a sysfs tree on disk (DIR stands for /sys).")
    Path sysfsRoot;

    @Option(names = "--procfs-root", paramLabel = "DIR", description = "The procfs tree beside --sysfs-root.")
    Path procfsRoot;

    @Option(names = "--snapshot", paramLabel = "S", description = "A capture (directory or .tar.gz).")
    Path snapshot;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Another host's machine (daxscope serve --share-state):%n")
    RemoteOptions remote;

    /** Whether any option names a machine. */
    boolean given() {
        return machine != null || sysfsRoot != null || procfsRoot != null || snapshot != null || remote != null;
    }

    /** {@link #open(String, PrintWriter, boolean)} read-only. */
    DaxSource open(String command, PrintWriter err) throws MachineLoader.LoadFailure {
        return open(command, err, false);
    }

    /**
     * The source these options name (this machine's /sys when none is given), or null after
     * printing why not as {@code daxscope COMMAND: ...} (the command then exits 2). With
     * {@code allowWrite} a sysfs tree is written through the audited writer; a script or a
     * capture cannot be written. A malformed or failing machine script ends the command through
     * Main's handler.
     */
    DaxSource open(String command, PrintWriter err, boolean allowWrite) throws MachineLoader.LoadFailure {
        String prefix = command.isEmpty() ? "daxscope: " : "daxscope " + command + ": ";
        if (remote != null) {
            return openRemote(prefix, err, allowWrite);
        }
        if (java.util.stream.Stream.of(machine, sysfsRoot, snapshot).filter(java.util.Objects::nonNull).count() > 1) {
            err.println(prefix + "give one of --machine, --sysfs-root, --snapshot and --remote");
            return null;
        }
        if ((machine != null || snapshot != null) && (allowWrite || procfsRoot != null)) {
            err.println(prefix + "a " + (machine != null ? "simulated machine" : "snapshot") + " is read-only and carries "
                    + "its own proc/; --allow-write and --procfs-root apply to --sysfs-root");
            return null;
        }
        if (machine != null) {
            return MachineLoader.source(machine);
        }
        if (snapshot != null) {
            try {
                return Snapshots.open(snapshot);
            } catch (IOException e) {
                err.println(prefix + e.getMessage());
                return null;
            }
        }
        Path root = sysfsRoot != null ? sysfsRoot : Path.of("/sys");
        for (Path dir : procfsRoot == null ? new Path[] {root} : new Path[] {root, procfsRoot}) {
            if (!Files.isDirectory(dir)) {
                err.println(prefix + dir + " is not a directory");
                return null;
            }
        }
        java.util.Optional<String> notSysfs = dev.daxscope.linux.SysfsSnapshotReader.notASysfsTree(root);
        if (notSysfs.isPresent()) {
            err.println(prefix + notSysfs.get());
            return null;
        }
        SysfsWriter writer = allowWrite ? SysfsWriter.audited(root) : null;
        if (sysfsRoot == null && procfsRoot == null && writer == null) {
            return LinuxSource.thisMachine();
        }
        return procfsRoot == null ? new LinuxSource(root, root.toString(), writer)
                : new LinuxSource(root, procfsRoot, root.toString(), writer, Path.of("/dev"), ProcMaps::isDeviceDax);
    }

    /** Another host's machine, read-only; null after printing why not (nothing is shown then). */
    private DaxSource openRemote(String prefix, PrintWriter err, boolean allowWrite) {
        if (!remote.given()) {
            err.println(prefix + "--user, --password-file and --cacert go with --remote URL");
            return null;
        }
        if (machine != null || sysfsRoot != null || procfsRoot != null || snapshot != null || allowWrite) {
            err.println(prefix + "--remote shows another host's machine read-only; --machine, --sysfs-root, --procfs-root, "
                    + "--snapshot and --allow-write do not go with it");
            return null;
        }
        try {
            return dev.daxscope.source.remote.RemoteSource.connect(remote.endpoint());
        } catch (IllegalArgumentException | dev.daxscope.source.remote.RemoteSource.Unreachable e) {
            err.println(prefix + e.getMessage());
            return null;
        }
    }
}
