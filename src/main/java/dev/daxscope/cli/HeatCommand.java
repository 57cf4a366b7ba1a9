package dev.daxscope.cli;

import dev.daxscope.linux.DamoRecordReader;
import dev.daxscope.model.damon.DamonState;
import dev.daxscope.model.damon.HeatReport;
import dev.daxscope.model.damon.HeatScopes;
import dev.daxscope.model.damon.HeatSnapshot;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.sim.MachineLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code daxscope heat}: which memory is hot, from DAMON, over a node, a device or everything monitored. */
@Command(name = "heat", mixinStandardHelpOptions = true,
        description = {"Show which memory is hot, as DAMON measures it: each monitor's ranges hottest first",
            "(nr_accesses per aggregation interval, age in aggregation intervals), their node and",
            "owners, and DAMON_STAT's bandwidth and idle-time percentiles. Read-only unless --allow-write.",
            "A devdax or famfs device has no heat: DAMON never sees ZONE_DEVICE memory."},
        footer = {"", "Default: this machine (/sys), read-only.", "", "Examples:",
            "  daxscope heat --node 1",
            "  daxscope heat --json --machine scenarios/18-damon-heat-on-cxl.dax",
            "  daxscope heat --device dax0.0 --snapshot mybox.tar.gz",
            "  daxscope heat --record damon.data"})
public final class HeatCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print {\"scope\", \"observable\", \"why_not\", \"monitors\": [{..., \"ranges\": [...]}], \"damon_stat\", \"notes\"}.")
    boolean json;

    @Option(names = "--node", paramLabel = "N", description = "Only NUMA node N's memory.")
    Integer node;

    @Option(names = "--device", paramLabel = "D", description = "Only dax device D's memory (daxX.Y).")
    String device;

    @Option(names = "--top", paramLabel = "K", defaultValue = "20", description = "Ranges shown per monitor (default 20).")
    int top;

    @Mixin
    MachineOptions machineOptions;

    @Option(names = "--record", paramLabel = "FILE", description = "A damo record file (JSON or damo's zlib-compressed JSON).")
    Path record;

    @Option(names = "--allow-write", description = {"On this machine (or --sysfs-root): start daxscope's own kdamond over",
        "--node N, monitor for --seconds, show its regions, then turn it off and remove it (audited)."})
    boolean allowWrite;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5", description = "With --allow-write: how long to monitor (1..600, default 5).")
    int seconds;

    @Option(names = "--pause-damon-stat", description = "With --allow-write: where DAMON_STAT holds DAMON, pause it meanwhile (restored after).")
    boolean pauseDamonStat;

    @Option(names = "--audit-log", paramLabel = "FILE", hidden = true, description = "With --allow-write: where writes are recorded.")
    Path auditLog;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws MachineLoader.LoadFailure {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int sources = (int) java.util.stream.Stream.of(machineOptions.machine, machineOptions.sysfsRoot, machineOptions.snapshot, record)
                .filter(java.util.Objects::nonNull).count();
        if (sources > 1 || (node != null && device != null) || top < 1) {
            err.println("daxscope heat: give at most one of --machine, --sysfs-root, --snapshot and --record, one of --node and"
                    + " --device, and --top of 1 or more");
            return 2;
        }
        if (allowWrite) {
            if (node == null || machineOptions.machine != null || machineOptions.snapshot != null || record != null
                    || seconds < 1 || seconds > 600) {
                err.println("daxscope heat: --allow-write needs --node N, this machine or --sysfs-root, and --seconds from 1 to 600");
                return 2;
            }
            java.nio.file.Path root = machineOptions.sysfsRoot != null ? machineOptions.sysfsRoot : java.nio.file.Path.of("/sys");
            return OwnMonitorRun.run(root, auditLog != null ? auditLog : dev.daxscope.linux.SysfsWriter.defaultAuditLog(), node,
                    seconds * 1000L, pauseDamonStat, err, state -> print(HeatReport.of(HeatScopes.node(state, node), state.snapshots(),
                            state, List.of()), out));
        }
        HeatReport report;
        if (record != null) {
            if (node != null || device != null) {
                err.println("daxscope heat: a damo record has no nodes or devices; drop --node/--device with --record");
                return 2;
            }
            try {
                report = HeatReport.of(HeatReport.Scope.everything(), DamoRecordReader.read(record),
                        new DamonState(List.of(), java.util.Optional.empty(), java.util.Map.of(), List.of()), List.of());
            } catch (DamoRecordReader.Malformed e) {
                err.println("daxscope heat: " + e.getMessage());
                return 2;
            }
        } else {
            DaxSource source = machineOptions.open("heat", err);
            if (source == null) {
                return 2;
            }
            DamonState state = source.damon();
            HeatReport.Scope scope = scope(source, state);
            if (scope == null) {
                err.println("daxscope heat: no device " + device);
                return 2;
            }
            List<HeatSnapshot> snaps = state.snapshots();
            report = HeatReport.of(scope, snaps, state, source.physicalOwners());
        }
        return print(report, out);
    }

    private int print(HeatReport report, PrintWriter out) {
        out.print(json ? HeatOutput.json(report, top) + "\n" : HeatOutput.text(report, top));
        out.flush();
        return 0;
    }

    /** The memory asked about; null for a device that does not exist. */
    private HeatReport.Scope scope(DaxSource source, DamonState state) {
        if (node != null) {
            return HeatScopes.node(state, node);
        }
        if (device == null) {
            return HeatReport.Scope.everything();
        }
        return source.snapshot().device(device).map(HeatScopes::device).orElse(null);
    }
}
