package dev.daxscope.model.damon;

import dev.daxscope.model.damon.DamonState.Region;
import java.util.Comparator;
import java.util.List;

/**
 * DAMON's regions at one moment, as one monitor saw them: from a kdamond's {@code tried_regions},
 * from the simulator, or one snapshot of a {@code damo record} file. {@code source} names the
 * monitor ("kdamond 0 context 0 scheme 0", "damo record target 0"); {@code timeNs} is the end of the
 * aggregation the figures belong to (0 when unknown); intervals in microseconds.
 */
public record HeatSnapshot(String source, boolean physical, long timeNs, long sampleUs, long aggrUs, List<Region> regions) {
    public HeatSnapshot {
        regions = List.copyOf(regions);
    }

    /** The most {@code nr_accesses} a region can have: sampling intervals per aggregation interval. */
    public long maxNrAccesses() {
        return sampleUs <= 0 ? 0 : aggrUs / sampleUs;
    }

    public long totalBytes() {
        return regions.stream().mapToLong(Region::size).sum();
    }

    /** Bytes of regions found accessed in the last aggregation interval ({@code nr_accesses} > 0). */
    public long hotBytes() {
        return regions.stream().filter(r -> r.nrAccesses() > 0).mapToLong(Region::size).sum();
    }

    /**
     * The regions hottest first: more accesses first; among equal accesses, the one that kept
     * them longer (larger age) first, as DAMOS's hotness weights do; then by address.
     */
    public List<Region> hottestFirst() {
        return regions.stream().sorted(Comparator.comparingLong(Region::nrAccesses).reversed()
                .thenComparing(Comparator.comparingLong((Region r) -> r.nrAccesses() > 0 ? r.age() : -r.age()).reversed())
                .thenComparingLong(Region::start)).toList();
    }

    /**
     * Estimated bandwidth in bytes per second the way DAMON_STAT computes it: each region's size
     * times its accesses, per aggregation interval.
     */
    public long estimatedBandwidth() {
        if (aggrUs <= 0) {
            return 0;
        }
        double bytes = 0;
        for (Region r : regions) {
            bytes += (double) r.size() * r.nrAccesses();
        }
        return (long) (bytes * 1_000_000 / aggrUs);
    }

    /** The part of this snapshot within {@code [start, end)}, regions clipped to it. */
    public HeatSnapshot within(long start, long end) {
        List<Region> clipped = regions.stream().filter(r -> r.end() > start && r.start() < end)
                .map(r -> new Region(Math.max(r.start(), start), Math.min(r.end(), end), r.nrAccesses(), r.age())).toList();
        return new HeatSnapshot(source, physical, timeNs, sampleUs, aggrUs, clipped);
    }
}
