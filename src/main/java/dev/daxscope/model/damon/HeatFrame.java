package dev.daxscope.model.damon;

import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.damon.DamonState.Region;
import dev.daxscope.model.damon.HeatReport.HeatRange;
import dev.daxscope.model.damon.HeatReport.MonitorHeat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One reading of DAMON as the window shows it: per NUMA node with online memory the hot bytes,
 * estimated bandwidth, idle-time percentiles and hottest ranges of the monitor covering it; the
 * dax devices DAMON cannot see and why; the physical snapshots the region map's heat strip is
 * drawn from; DAMON_STAT. Units are DAMON's (see {@link DamonState}).
 */
public record HeatFrame(long wallMillis, List<NodeHeat> nodes, List<Unobservable> unobservable, List<HeatSnapshot> physical,
                        Optional<DamonState.DamonStat> stat, List<String> notes) {
    /** Ranges kept per node, hottest first. */
    public static final int HOTTEST = 3;

    public HeatFrame {
        nodes = List.copyOf(nodes);
        unobservable = List.copyOf(unobservable);
        physical = List.copyOf(physical);
        notes = List.copyOf(notes);
    }

    /**
     * A node's heat. {@code source} is empty when no monitor with per-region figures covers the
     * node (then every figure is 0 and means nothing). Idle percentiles p0..p100 in milliseconds,
     * as DAMON_STAT computes them, over this monitor's regions on the node.
     */
    public record NodeHeat(int node, String source, long monitoredBytes, long hotBytes, long estimatedBandwidth,
                           long maxNrAccesses, long aggrUs, List<Long> idleMsPercentiles, List<HeatRange> hottest) {
        public NodeHeat {
            idleMsPercentiles = List.copyOf(idleMsPercentiles);
            hottest = List.copyOf(hottest);
        }

        public boolean monitored() {
            return !source.isEmpty();
        }
    }

    /** A dax device whose memory DAMON never sees, and how it is bound (devdax, fsdev_dax, unbound): see {@link HeatScopes#NOT_OBSERVABLE}. */
    public record Unobservable(String device, String mode) {
    }

    /** The frame of {@code state}, with {@code devices} for what cannot be seen and {@code owners} naming who holds hot pages. */
    public static HeatFrame of(long wallMillis, DamonState state, List<DeviceInfo> devices, List<HeatReport.PhysicalOwner> owners) {
        List<HeatSnapshot> snapshots = state.snapshots();
        List<NodeHeat> nodes = new ArrayList<>();
        for (int node : state.nodeMemory().keySet().stream().sorted().toList()) {
            HeatReport report = HeatReport.of(HeatScopes.node(state, node), snapshots, state, owners);
            nodes.add(report.monitors().stream().max(Comparator.comparingLong(MonitorHeat::totalBytes))
                    .map(m -> nodeHeat(node, m)).orElse(new NodeHeat(node, "", 0, 0, 0, 0, 0, List.of(), List.of())));
        }
        List<Unobservable> hidden = devices.stream().filter(d -> d.size() > 0)
                .filter(d -> !d.systemRam()).map(d -> new Unobservable(d.name(), HeatScopes.mode(d))).toList();
        return new HeatFrame(wallMillis, nodes, hidden, snapshots.stream().filter(HeatSnapshot::physical).toList(), state.stat(),
                state.notes());
    }

    private static NodeHeat nodeHeat(int node, MonitorHeat m) {
        List<Region> regions = m.hottestFirst().stream().map(r -> new Region(r.start(), r.end(), r.nrAccesses(), r.age())).toList();
        return new NodeHeat(node, m.source(), m.totalBytes(), m.hotBytes(), m.estimatedBandwidth(), m.maxNrAccesses(), m.aggrUs(),
                IdlePercentiles.of(regions, m.aggrUs()),
                m.hottestFirst().stream().filter(r -> r.nrAccesses() > 0).limit(HOTTEST).toList());
    }

    public Optional<NodeHeat> node(int id) {
        return nodes.stream().filter(n -> n.node() == id).findFirst();
    }

    /**
     * Heat per memory block of {@code [from, to)}: for each block of {@code blockSize} bytes
     * overlapping it (the first one holding {@code from}), the monitored bytes' size-weighted mean
     * of {@code nr_accesses / max}, 0..1; NaN where no monitor covers any byte of the block.
     */
    public double[] blockHeat(long from, long to, long blockSize) {
        if (blockSize <= 0 || to <= from) {
            return new double[0];
        }
        long first = Math.floorDiv(from, blockSize);
        int blocks = (int) Math.min(Integer.MAX_VALUE - 8, Math.floorDiv(to - 1, blockSize) - first + 1);
        double[] weighted = new double[blocks];
        double[] bytes = new double[blocks];
        for (HeatSnapshot s : physical) {
            double max = Math.max(1, s.maxNrAccesses());
            for (Region r : s.regions()) {
                long start = Math.max(r.start(), from);
                long end = Math.min(r.end(), to);
                for (long at = start; at < end; ) {
                    int b = (int) (Math.floorDiv(at, blockSize) - first);
                    long next = Math.min(end, (first + b + 1) * blockSize);
                    weighted[b] += (next - at) * Math.min(1, r.nrAccesses() / max);
                    bytes[b] += next - at;
                    at = next;
                }
            }
        }
        double[] out = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            out[b] = bytes[b] == 0 ? Double.NaN : weighted[b] / bytes[b];
        }
        return out;
    }
}
