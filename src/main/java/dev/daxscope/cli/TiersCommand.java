package dev.daxscope.cli;

import dev.daxscope.model.MemoryTopology;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.MachineLoader;
import dev.daxscope.source.Snapshots;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code daxscope tiers}: memory tiers from the top, each with its NUMA nodes and where their memory came from. */
@Command(name = "tiers", mixinStandardHelpOptions = true,
        description = {"Show memory tiers from the top, with their NUMA nodes.",
            "For each node: CPU or not, memory total and free, the dax devices and CXL",
            "regions feeding it, HMAT figures, promotion/demotion counters, CXL chains."},
        footer = {"", "Default: this machine (/sys, /proc), read-only.", "", "Examples:", "  daxscope tiers",
            "  daxscope tiers --json --machine scenarios/17-cxl-memory-tiers.dax",
            "  daxscope tiers --snapshot mybox.tar.gz"})
public final class TiersCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print [{\"tier\": N, \"nodes\": [{\"node\": N, \"has_cpu\": ..., ...}]}], tiers ascending.")
    boolean json;

    @Mixin
    MachineOptions machineOptions;

    @Option(names = "--snapshot", paramLabel = "S", description = "A capture (directory or .tar.gz).")
    Path snapshot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws MachineLoader.LoadFailure {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (snapshot != null && machineOptions.given()) {
            err.println("daxscope tiers: give one of --machine, --sysfs-root and --snapshot");
            return 2;
        }
        if (machineOptions.procfsRoot != null && machineOptions.sysfsRoot == null) {
            err.println("daxscope tiers: --procfs-root goes with --sysfs-root");
            return 2;
        }
        MemoryTopology topology;
        if (snapshot != null) {
            try {
                topology = Snapshots.open(snapshot).topology();
            } catch (IOException e) {
                err.println("daxscope tiers: " + e.getMessage());
                return 2;
            }
        } else {
            DaxSource source = machineOptions.open("tiers", err);
            if (source == null) {
                return 2;
            }
            topology = source.topology();
        }
        out.print(json ? TiersReport.json(topology) + "\n" : TiersReport.text(topology));
        out.flush();
        return 0;
    }
}
