package dev.daxscope.model.damon;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What DAMON shows of a machine at one moment: its sysfs kdamonds ({@code /sys/kernel/mm/damon/admin})
 * and DAMON_STAT's module parameters. Units are DAMON's own: {@code nr_accesses} counts the
 * sampling intervals of one aggregation interval in which the region's sampled page was found
 * accessed; {@code age} counts aggregation intervals the region kept that access frequency.
 * {@code notes} explains each absence (no DAMON sysfs, no DAMON_STAT, a file the kernel of that
 * version does not have) so that nothing missing is ever read as "cold".
 */
public record DamonState(List<Kdamond> kdamonds, Optional<DamonStat> stat, Map<Integer, List<AddressRange>> nodeMemory,
                         List<String> notes) {
    public DamonState {
        kdamonds = List.copyOf(kdamonds);
        nodeMemory = Map.copyOf(nodeMemory);
        notes = List.copyOf(notes);
    }

    public static DamonState absent(String why) {
        return new DamonState(List.of(), Optional.empty(), Map.of(), List.of(why));
    }

    /**
     * The per-region figures this state holds: one snapshot per scheme with tried regions, named
     * by kdamond, context and scheme. A kdamond that is off still shows what its last
     * {@code update_schemes_tried_regions} left; its source says so.
     */
    public List<HeatSnapshot> snapshots() {
        List<HeatSnapshot> out = new java.util.ArrayList<>();
        for (Kdamond k : kdamonds) {
            for (Context c : k.contexts()) {
                for (Scheme s : c.schemes()) {
                    if (s.triedRegions().isEmpty() || s.triedRegions().get().isEmpty()) {
                        continue;
                    }
                    String source = "kdamond " + k.index() + " context " + c.index() + " scheme " + s.index() + " (" + s.action()
                            + (s.pattern().matchesEverything() ? "" : ", only regions matching its access pattern")
                            + (k.on() ? "" : ", kdamond off: last figures") + ")";
                    out.add(new HeatSnapshot(source, c.physical(), 0, c.intervals().sampleUs(), c.intervals().aggrUs(),
                            s.triedRegions().get()));
                }
            }
        }
        return out;
    }

    /** One {@code kdamonds/N}: {@code state} as read ("on", "off"), its worker's pid when on. */
    public record Kdamond(int index, String state, OptionalLong pid, List<Context> contexts) {
        public Kdamond {
            contexts = List.copyOf(contexts);
        }

        public boolean on() {
            return "on".equals(state);
        }
    }

    /** {@code contexts/N}: the operations set ("paddr", "vaddr", "fvaddr"), attributes, targets and schemes. */
    public record Context(int index, String operations, Intervals intervals, long minRegions, long maxRegions,
                          List<Target> targets, List<Scheme> schemes) {
        public Context {
            targets = List.copyOf(targets);
            schemes = List.copyOf(schemes);
        }

        public boolean physical() {
            return "paddr".equals(operations);
        }
    }

    /**
     * {@code monitoring_attrs/intervals}, in microseconds. {@code autoTuned}: an intervals goal is set
     * ({@code intervals_goal/access_bp} and {@code aggrs} non-zero, 6.15 and later), so the kernel
     * changes sample_us and aggr_us itself.
     */
    public record Intervals(long sampleUs, long aggrUs, long updateUs, boolean autoTuned) {
        /** The most {@code nr_accesses} a region can reach in one aggregation interval. */
        public long maxNrAccesses() {
            return sampleUs <= 0 ? 0 : aggrUs / sampleUs;
        }
    }

    /** {@code targets/N}: {@code pid_target} (0 for paddr) and the regions user space gave. */
    public record Target(int index, long pidTarget, List<AddressRange> regions) {
        public Target {
            regions = List.copyOf(regions);
        }
    }

    /** {@code [start, end)} in the context's address space (physical for paddr). */
    public record AddressRange(long start, long end) {
        public long size() {
            return end - start;
        }
    }

    /**
     * {@code schemes/N}: its action, access pattern, stats, and the regions it was last tried on
     * ({@code tried_regions}, 6.2 and later; filled when {@code update_schemes_tried_regions} is
     * written to the kdamond's state). {@code triedRegions} is empty when the directory is absent.
     */
    public record Scheme(int index, String action, AccessPattern pattern, SchemeStats stats,
                         Optional<List<Region>> triedRegions, OptionalLong triedTotalBytes) {
    }

    /** {@code access_pattern/{sz,nr_accesses,age}/{min,max}}: which regions the scheme applies to. */
    public record AccessPattern(long minSize, long maxSize, long minNrAccesses, long maxNrAccesses, long minAge, long maxAge) {
        /** Whether every region matches (the {@code stat} scheme a monitor uses to read all regions). */
        public boolean matchesEverything() {
            return minSize == 0 && maxSize == -1L && minNrAccesses == 0 && maxNrAccesses >= Integer.MAX_VALUE
                    && minAge == 0 && maxAge >= Integer.MAX_VALUE;
        }
    }

    /** {@code stats/}: regions and bytes tried and applied since the scheme started. */
    public record SchemeStats(long nrTried, long szTried, long nrApplied, long szApplied, long quotaExceeds) {
    }

    /** A monitored region with DAMON's figures: nr_accesses per aggregation interval, age in aggregation intervals. */
    public record Region(long start, long end, long nrAccesses, long age) {
        public long size() {
            return end - start;
        }
    }

    /**
     * DAMON_STAT's parameters ({@code /sys/module/damon_stat/parameters}, 6.17 and later):
     * whether it runs, the estimated bandwidth in bytes per second, the idle-time percentiles in
     * milliseconds (101 values, p0..p100; a negative value is memory accessed in the last
     * aggregation, minus how long it has been) and its tuned aggregation interval (6.18 and later).
     */
    public record DamonStat(boolean enabled, OptionalLong estimatedBandwidth, List<Long> idleMsPercentiles,
                            OptionalLong aggrIntervalUs) {
        public DamonStat {
            idleMsPercentiles = List.copyOf(idleMsPercentiles);
        }
    }
}
