package dev.daxscope.cli;

import dev.daxscope.linux.SnapshotDiff;
import dev.daxscope.source.Snapshots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code daxscope diff A B}: what changed between two snapshots. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show what changed between two snapshots: devices, ranges, drivers, memory blocks, mappings.",
        footer = {"", "Exit status: 0 no difference, 1 differences, 2 a snapshot cannot be read.", "", "Example:",
                "  daxscope capture --out before", "  daxctl reconfigure-device -m system-ram dax0.0",
                "  daxscope capture --out after", "  daxscope diff before after"})
public final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A", description = "The earlier snapshot (directory or .tar.gz).")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The later snapshot.")
    Path b;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            List<String> changes = SnapshotDiff.diff(Snapshots.open(a).snapshot(), Snapshots.open(b).snapshot());
            changes.forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
            return changes.isEmpty() ? 0 : 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println("daxscope diff: " + e.getMessage());
            return 2;
        }
    }
}
