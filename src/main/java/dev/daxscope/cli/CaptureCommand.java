package dev.daxscope.cli;

import dev.daxscope.source.linux.Snapshots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code daxscope capture --out DIR|FILE.tar.gz}: record this machine's device-DAX sysfs and procfs. */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Record this machine's device-DAX sysfs/procfs files (for bug reports, demos, tests).",
        footer = {"", "Files that need root are listed in READ_ERRORS and as warnings; run as root for addresses and mappings.",
                "An existing --out is never overwritten or merged into without --force (exit 2).", "",
                "Examples:", "  daxscope capture --out /tmp/mybox", "  daxscope capture --out mybox.tar.gz",
                "  daxscope list --sysfs-root /tmp/mybox/sys -RDM"})
public final class CaptureCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR|FILE.tar.gz", description = "Where to write the capture.")
    Path out;

    @Option(names = "--sysfs-root", paramLabel = "DIR", description = "The sysfs to record (default /sys).")
    Path sysfsRoot = Path.of("/sys");

    @Option(names = "--procfs-root", paramLabel = "DIR", description = "The procfs to record (default /proc).")
    Path procfsRoot = Path.of("/proc");

    @Option(names = "--force", description = "Replace what --out names if it exists (a file, or a capture directory).")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        java.io.PrintWriter err = spec.commandLine().getErr();
        java.util.Optional<String> notSysfs = dev.daxscope.linux.SysfsSnapshotReader.notASysfsTree(sysfsRoot);
        if (notSysfs.isPresent()) {
            err.println("daxscope capture: " + notSysfs.get());
            return 2;
        }
        try {
            Warnings.print(err, Snapshots.capture(sysfsRoot, procfsRoot, out, force));
            spec.commandLine().getOut().println(out);
            return 0;
        } catch (dev.daxscope.source.AtomicOutput.TargetExists e) {
            err.println("daxscope capture: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("daxscope capture: " + e.getMessage());
            return 1;
        }
    }
}
