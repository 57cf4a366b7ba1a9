package dev.daxscope.sim.damon;

import dev.daxscope.model.damon.DamonState.AddressRange;
import dev.daxscope.model.damon.DamonState.Region;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One DAMON monitoring context over physical addresses, computing as mm/damon/core.c does: every
 * sampling interval each region's sampled page is checked (and a new one picked); every
 * aggregation interval adjacent regions whose access counts differ by at most a threshold are
 * merged (the threshold doubling while there are more than max regions), ages are kept or reset,
 * the figures are published, {@code nr_accesses} restarts from 0 and regions are split at random
 * points into 2 (or 3 when the count did not change) while there are at most max/2 of them.
 * Randomness comes from one seeded generator, so a run is the same every time.
 */
final class MonitoringContext {
    /** DAMON's minimum region size (DAMON_MIN_REGION): a page. */
    static final long MIN_REGION = 4096;

    /** Tells whether the page at a physical address was accessed during sampling interval {@code sample}. */
    interface AccessOracle {
        boolean accessed(long physAddr, SplittableRandom rng);
    }

    private static final class Monitored {
        long start;
        long end;
        long nrAccesses;
        long lastNrAccesses;
        long age;
        long sampleAddr;

        Monitored(long start, long end) {
            this.start = start;
            this.end = end;
        }

        long size() {
            return end - start;
        }
    }

    private final MonitorAttributes attrs;
    private final List<AddressRange> targetRanges;
    private final SplittableRandom rng;
    private List<Monitored> regions = new ArrayList<>();
    private List<Region> published = List.of();
    private long samples;
    /** Time that passed since the last whole sampling interval. */
    private long carryUs;
    private long aggregations;
    private int lastNrRegions;

    MonitoringContext(MonitorAttributes attrs, List<AddressRange> targetRanges, long seed) {
        this.attrs = attrs;
        this.targetRanges = List.copyOf(targetRanges);
        this.rng = new SplittableRandom(seed);
        long limit = sizeLimit();
        // damon_apply_min_nr_regions: no region starts bigger than total / min_nr_regions.
        for (AddressRange r : targetRanges) {
            long pieces = Math.max(1, (r.size() + limit - 1) / limit);
            long piece = r.size() / pieces / MIN_REGION * MIN_REGION;
            if (piece == 0) {
                pieces = 1;
            }
            for (long k = 0; k < pieces; k++) {
                long start = r.start() + k * piece;
                regions.add(new Monitored(start, k == pieces - 1 ? r.end() : start + piece));
            }
        }
    }

    MonitorAttributes attributes() {
        return attrs;
    }

    List<AddressRange> targetRanges() {
        return targetRanges;
    }

    /** The regions as of the last aggregation (what a scheme is tried on), empty before the first. */
    List<Region> published() {
        return published;
    }

    long aggregations() {
        return aggregations;
    }

    /** The regions now, with the accesses counted so far in this aggregation interval. */
    List<Region> current() {
        return regions.stream().map(m -> new Region(m.start, m.end, m.nrAccesses, m.age)).toList();
    }

    /** How many sampling intervals end within the next {@code us} microseconds (the remainder carries over). */
    long samplesIn(long us) {
        long total = carryUs + us;
        carryUs = total % attrs.sampleUs();
        return total / attrs.sampleUs();
    }

    /** One sampling interval: pick each region's page (prepare_access_checks), then see whether it was accessed. */
    void sample(AccessOracle oracle) {
        for (Monitored m : regions) {
            pickSample(m);
            if (oracle.accessed(m.sampleAddr, rng)) {
                m.nrAccesses++;
            }
        }
        samples++;
        if (samples % attrs.samplesPerAggregation() == 0) {
            aggregate();
        }
    }

    private void pickSample(Monitored m) {
        long pages = Math.max(1, m.size() / MIN_REGION);
        m.sampleAddr = m.start + rng.nextLong(pages) * MIN_REGION;
    }

    private void aggregate() {
        mergeRegions(attrs.samplesPerAggregation() / 10, sizeLimit());
        published = current();
        aggregations++;
        for (Monitored m : regions) {
            m.lastNrAccesses = m.nrAccesses;
            m.nrAccesses = 0;
        }
        splitRegions();
    }

    /** damon_region_sz_limit: total size over min_nr_regions, at least a page. */
    private long sizeLimit() {
        long total = targetRanges.stream().mapToLong(AddressRange::size).sum();
        return Math.max(MIN_REGION, total / attrs.minRegions());
    }

    /** kdamond_merge_regions: merge with a threshold that doubles while there are too many regions. */
    private void mergeRegions(long threshold, long sizeLimit) {
        long maxThreshold = attrs.samplesPerAggregation();
        long t = threshold;
        do {
            mergeRegionsOf(t, sizeLimit);
            t = Math.max(1, t * 2);
        } while (regions.size() > attrs.maxRegions() && t / 2 < maxThreshold);
    }

    /**
     * damon_merge_regions_of: a region's age grows while its count stays within the threshold of
     * the last one (and neither went from zero to non-zero or back), else restarts at 0; adjacent
     * regions within the threshold and the size limit are merged, size-weighted.
     */
    private void mergeRegionsOf(long threshold, long sizeLimit) {
        List<Monitored> out = new ArrayList<>();
        Monitored prev = null;
        for (Monitored r : regions) {
            if (Math.abs(r.nrAccesses - r.lastNrAccesses) > threshold || (r.nrAccesses == 0) != (r.lastNrAccesses == 0)) {
                r.age = 0;
            } else {
                r.age++;
            }
            if (prev != null && prev.end == r.start && Math.abs(prev.nrAccesses - r.nrAccesses) <= threshold
                    && prev.size() + r.size() <= sizeLimit) {
                long sl = prev.size();
                long sr = r.size();
                prev.nrAccesses = (prev.nrAccesses * sl + r.nrAccesses * sr) / (sl + sr);
                prev.age = (prev.age * sl + r.age * sr) / (sl + sr);
                prev.end = r.end;
            } else {
                out.add(r);
                prev = r;
            }
        }
        regions = out;
    }

    /** kdamond_split_regions: split each region at random 10%..90% points, page aligned. */
    private void splitRegions() {
        int nrRegions = regions.size();
        if (nrRegions > attrs.maxRegions() / 2) {
            return;
        }
        int subregions = lastNrRegions == nrRegions && nrRegions < attrs.maxRegions() / 3 ? 3 : 2;
        List<Monitored> out = new ArrayList<>();
        for (Monitored r : regions) {
            List<Monitored> tail = new ArrayList<>();
            long size = r.size();
            for (int i = 0; i < subregions - 1 && size > 2 * MIN_REGION; i++) {
                long sub = (1 + rng.nextLong(9)) * size / 10 / MIN_REGION * MIN_REGION;
                if (sub == 0 || sub >= size) {
                    continue;
                }
                Monitored right = new Monitored(r.start + sub, r.end);
                right.nrAccesses = r.nrAccesses;
                right.lastNrAccesses = r.lastNrAccesses;
                right.age = r.age;
                r.end = r.start + sub;
                tail.addFirst(right);
                size = sub;
            }
            out.add(r);
            out.addAll(tail);
        }
        regions = out;
        lastNrRegions = nrRegions;
    }
}
