package dev.daxscope.cli;

import dev.daxscope.source.Snapshots;
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
        footer = {"", "Files that need root are listed in READ_ERRORS; run as root for addresses and mappings.", "",
                "Examples:", "  daxscope capture --out /tmp/mybox", "  daxscope capture --out mybox.tar.gz",
                "  daxscope list --sysfs-root /tmp/mybox/sys -RDM"})
public final class CaptureCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR|FILE.tar.gz", description = "Where to write the capture.")
    Path out;

    @Option(names = "--sysfs-root", paramLabel = "DIR", description = "The sysfs to record (default /sys).")
    Path sysfsRoot = Path.of("/sys");

    @Option(names = "--procfs-root", paramLabel = "DIR", description = "The procfs to record (default /proc).")
    Path procfsRoot = Path.of("/proc");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            Snapshots.capture(sysfsRoot, procfsRoot, out);
            spec.commandLine().getOut().println(out);
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("daxscope capture: " + e.getMessage());
            return 1;
        }
    }
}
