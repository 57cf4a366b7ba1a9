package dev.daxscope.cli;

import dev.daxscope.linux.ProcMaps;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.linux.Snapshots;
import dev.daxscope.source.sim.MachineLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The machine a read-only command looks at: a simulated one, a sysfs/procfs tree on disk, or this machine. */
final class MachineOptions {
    @Option(names = "--machine", paramLabel = "FILE.dax", description = "Build the simulated machine from this script.")
    Path machine;

    @Option(names = "--sysfs-root", paramLabel = "DIR", description = "Read a sysfs tree on disk (DIR stands for /sys).")
    Path sysfsRoot;

    @Option(names = "--procfs-root", paramLabel = "DIR", description = "The procfs tree beside --sysfs-root.")
    Path procfsRoot;

    @Option(names = "--snapshot", paramLabel = "S", description = "A capture (directory or .tar.gz).")
    Path snapshot;

    /**
     * The source these options name (this machine's /sys when none is given), or null after
     * printing why not as {@code daxscope COMMAND: ...} (the command then exits 2). A malformed
     * or failing machine script ends the command through Main's handler.
     */
    DaxSource open(String command, PrintWriter err) throws MachineLoader.LoadFailure {
        if (java.util.stream.Stream.of(machine, sysfsRoot, snapshot).filter(java.util.Objects::nonNull).count() > 1) {
            err.println("daxscope " + command + ": give one of --machine, --sysfs-root and --snapshot");
            return null;
        }
        if (machine != null) {
            return MachineLoader.source(machine);
        }
        if (snapshot != null) {
            try {
                return Snapshots.open(snapshot);
            } catch (IOException e) {
                err.println("daxscope " + command + ": " + e.getMessage());
                return null;
            }
        }
        Path root = sysfsRoot != null ? sysfsRoot : Path.of("/sys");
        for (Path dir : procfsRoot == null ? new Path[] {root} : new Path[] {root, procfsRoot}) {
            if (!Files.isDirectory(dir)) {
                err.println("daxscope " + command + ": " + dir + " is not a directory");
                return null;
            }
        }
        java.util.Optional<String> notSysfs = dev.daxscope.linux.SysfsSnapshotReader.notASysfsTree(root);
        if (notSysfs.isPresent()) {
            err.println("daxscope " + command + ": " + notSysfs.get());
            return null;
        }
        if (sysfsRoot == null && procfsRoot == null) {
            return LinuxSource.thisMachine();
        }
        return procfsRoot == null ? new LinuxSource(root, root.toString())
                : new LinuxSource(root, procfsRoot, root.toString(), null, Path.of("/dev"), ProcMaps::isDeviceDax);
    }
}
