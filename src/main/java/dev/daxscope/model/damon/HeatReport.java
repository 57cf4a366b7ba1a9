package dev.daxscope.model.damon;

import dev.daxscope.model.damon.DamonState.AddressRange;
import dev.daxscope.model.damon.DamonState.Region;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code daxscope heat} shows: for each monitor whose regions cover the chosen memory, its
 * ranges hottest first with their node and the processes whose pages they hold, the hot bytes and
 * estimated bandwidth, DAMON_STAT's figures, and why anything is missing. A device-DAX or famfs
 * device is {@link Scope#notObservable}: DAMON's physical operations never see ZONE_DEVICE pages,
 * so it has no heat rather than a cold one.
 */
public record HeatReport(Scope scope, List<MonitorHeat> monitors, Optional<DamonState.DamonStat> stat, List<String> notes) {
    public HeatReport {
        monitors = List.copyOf(monitors);
        notes = List.copyOf(notes);
    }

    /** The memory looked at: all, a node's, or a device's; {@code whyNot} set when DAMON cannot see it. */
    public record Scope(String what, List<AddressRange> ranges, Optional<String> whyNot) {
        public Scope {
            ranges = List.copyOf(ranges);
        }

        public static Scope everything() {
            return new Scope("all monitored memory", List.of(), Optional.empty());
        }

        public static Scope notObservable(String what, String why) {
            return new Scope(what, List.of(), Optional.of(why));
        }

        boolean all() {
            return ranges.isEmpty();
        }
    }

    /** Physical pages a process holds (its anonymous memory), for naming who a hot range belongs to. */
    public record PhysicalOwner(int pid, String process, long start, long end) {
    }

    /** One range of a monitor's regions: DAMON's figures, the node it is on (-1 unknown), its owners. */
    public record HeatRange(long start, long end, long nrAccesses, long age, int node, List<String> owners) {
        public HeatRange {
            owners = List.copyOf(owners);
        }

        public long size() {
            return end - start;
        }
    }

    /** One monitor's regions within the scope, hottest first. */
    public record MonitorHeat(String source, long timeNs, long sampleUs, long aggrUs, long maxNrAccesses, long totalBytes,
                              long hotBytes, long estimatedBandwidth, List<HeatRange> hottestFirst) {
        public MonitorHeat {
            hottestFirst = List.copyOf(hottestFirst);
        }
    }

    public static HeatReport of(Scope scope, List<HeatSnapshot> snapshots, DamonState state, List<PhysicalOwner> owners) {
        List<String> notes = new ArrayList<>(state.notes());
        List<MonitorHeat> monitors = new ArrayList<>();
        if (scope.whyNot().isEmpty()) {
            for (HeatSnapshot s : snapshots) {
                if (!s.physical()) {
                    notes.add(s.source() + ": virtual addresses (vaddr); not shown over physical memory");
                    continue;
                }
                HeatSnapshot within = scope.all() ? s : clip(s, scope.ranges());
                if (within.regions().isEmpty()) {
                    continue;
                }
                List<HeatRange> ranges = within.hottestFirst().stream().map(r -> range(r, state, owners)).toList();
                monitors.add(new MonitorHeat(s.source(), s.timeNs(), s.sampleUs(), s.aggrUs(), s.maxNrAccesses(), within.totalBytes(),
                        within.hotBytes(), within.estimatedBandwidth(), ranges));
            }
            if (monitors.isEmpty()) {
                notes.add("no DAMON monitor has per-region figures over " + scope.what()
                        + " (start one: 'daxscope heat --allow-write' on a real machine, 'monitor node=N' in a script)");
            }
        }
        return new HeatReport(scope, monitors, state.stat(), notes);
    }

    private static HeatSnapshot clip(HeatSnapshot s, List<AddressRange> ranges) {
        List<Region> out = new ArrayList<>();
        for (AddressRange r : ranges) {
            out.addAll(s.within(r.start(), r.end()).regions());
        }
        return new HeatSnapshot(s.source(), s.physical(), s.timeNs(), s.sampleUs(), s.aggrUs(), out);
    }

    private static HeatRange range(Region r, DamonState state, List<PhysicalOwner> owners) {
        int node = state.nodeMemory().entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(m -> m.start() <= r.start() && r.start() < m.end()))
                .mapToInt(java.util.Map.Entry::getKey).findFirst().orElse(-1);
        List<String> who = owners.stream().filter(o -> o.start() < r.end() && r.start() < o.end())
                .map(o -> o.process() + " (" + o.pid() + ")").distinct().toList();
        return new HeatRange(r.start(), r.end(), r.nrAccesses(), r.age(), node, who);
    }
}
