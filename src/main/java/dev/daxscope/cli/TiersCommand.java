package dev.daxscope.cli;

import dev.daxscope.model.MemoryTopology;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.sim.MachineLoader;
import java.io.PrintWriter;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws MachineLoader.LoadFailure {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (machineOptions.procfsRoot != null && machineOptions.sysfsRoot == null) {
            err.println("daxscope tiers: --procfs-root goes with --sysfs-root");
            return 2;
        }
        DaxSource source = machineOptions.open("tiers", err);
        if (source == null) {
            return 2;
        }
        MemoryTopology topology = source.topology();
        Warnings.print(err, topology.warnings());
        out.print(json ? TiersReport.json(topology) + "\n" : TiersReport.text(topology));
        out.flush();
        return 0;
    }
}
