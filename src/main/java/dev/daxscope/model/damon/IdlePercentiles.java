package dev.daxscope.model.damon;

import dev.daxscope.model.damon.DamonState.Region;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Idle-time percentiles as DAMON_STAT computes them (mm/damon/stat.c): a region's idle time is
 * {@code (age + 1)} aggregation intervals, negated when it was accessed in the last one; regions
 * sorted by it, percentile p is the idle time of the region in which p% of the bytes is reached.
 */
public final class IdlePercentiles {
    private IdlePercentiles() {
    }

    /** p0..p100 in milliseconds; empty for no regions. */
    public static List<Long> of(List<Region> regions, long aggrUs) {
        if (regions.isEmpty()) {
            return List.of();
        }
        List<Region> sorted = regions.stream().sorted(Comparator.comparingLong(IdlePercentiles::idleAggregations)).toList();
        long total = sorted.stream().mapToLong(Region::size).sum();
        List<Long> out = new ArrayList<>(101);
        long accounted = 0;
        for (Region r : sorted) {
            accounted += r.size();
            while (out.size() <= 100 && out.size() <= accounted * 100 / Math.max(1, total)) {
                out.add(idleAggregations(r) * aggrUs / 1000);
            }
        }
        return out;
    }

    private static long idleAggregations(Region r) {
        return r.nrAccesses() > 0 ? -(r.age() + 1) : r.age() + 1;
    }
}
