package dev.daxscope.cli;

import dev.daxscope.linux.SnapshotDiff;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.linux.Snapshots;
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
        description = "Show what changed between two snapshots: devices, ranges, drivers, memory blocks, mappings, memory tiers and NUMA nodes.",
        footer = {"", "Exit status: 0 no difference, 1 differences, 2 could not compare",
                "(a snapshot cannot be opened). What a snapshot holds but cannot be read",
                "is printed as a warning on stderr.", "", "Example:",
                "  daxscope capture --out before", "  daxctl reconfigure-device -m system-ram dax0.0",
                "  daxscope capture --out after", "  daxscope diff before after"})
public final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A", description = "The earlier snapshot (directory or .tar.gz).")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The later snapshot.")
    Path b;

    @Spec
    CommandSpec spec;

    /** 0 no difference, 1 differences, 2 could not compare (a snapshot could not be opened as one). */
    @Override
    public Integer call() {
        try (LinuxSource before = Snapshots.open(a); LinuxSource after = Snapshots.open(b)) {
            MachineSnapshot x = before.snapshot();
            MachineSnapshot y = after.snapshot();
            Warnings.print(spec.commandLine().getErr(), a + ": ", x.warnings());
            Warnings.print(spec.commandLine().getErr(), b + ": ", y.warnings());
            List<String> changes = new java.util.ArrayList<>(SnapshotDiff.diff(x, y));
            changes.addAll(dev.daxscope.linux.TopologyDiff.diff(before.topology(), after.topology()));
            changes.forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
            return changes.isEmpty() ? 0 : 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println("daxscope diff: could not compare: " + e.getMessage());
            return 2;
        }
    }
}
