package dev.daxscope.sim.damon;

import dev.daxscope.sim.mm.AnonymousMemory.PhysicalExtent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The physical pages processes are working on ({@code P work}) and how often: each page of a
 * working range is accessed in {@code rate}% of sampling intervals, drawn from the monitor's own
 * seeded generator. Anything else (idle anonymous memory, boot RAM, device-DAX pages) is not
 * accessed as far as DAMON can see.
 */
final class AccessMap implements MonitoringContext.AccessOracle {
    private final long[] starts;
    private final long[] ends;
    private final int[] rates;

    AccessMap(List<PhysicalExtent> extents, Map<Integer, SimDamon.Work> work) {
        List<long[]> hot = new ArrayList<>();
        for (Map.Entry<Integer, SimDamon.Work> w : work.entrySet()) {
            if (w.getValue().ratePercent() == 0) {
                continue;
            }
            // The process's anonymous memory as one: its allocations in address order, each from its first byte.
            TreeMap<Long, Long> sizes = new TreeMap<>();
            extents.stream().filter(e -> e.pids().contains(w.getKey())).forEach(e -> sizes.merge(e.virtualStart(), e.bytes(), Long::sum));
            TreeMap<Long, Long> before = new TreeMap<>();
            long sum = 0;
            for (Map.Entry<Long, Long> s : sizes.entrySet()) {
                before.put(s.getKey(), sum);
                sum += s.getValue();
            }
            long from = w.getValue().offset();
            long to = from + w.getValue().length();
            for (PhysicalExtent e : extents) {
                if (!e.pids().contains(w.getKey())) {
                    continue;
                }
                long logical = before.get(e.virtualStart()) + e.offset();
                long lo = Math.max(from, logical);
                long hi = Math.min(to, logical + e.bytes());
                if (lo < hi) {
                    hot.add(new long[] {e.physStart() + lo - logical, e.physStart() + hi - logical, w.getValue().ratePercent()});
                }
            }
        }
        hot.sort(Comparator.comparingLong(h -> h[0]));
        starts = hot.stream().mapToLong(h -> h[0]).toArray();
        ends = hot.stream().mapToLong(h -> h[1]).toArray();
        rates = hot.stream().mapToInt(h -> (int) h[2]).toArray();
    }

    @Override
    public boolean accessed(long physAddr, SplittableRandom rng) {
        int i = Arrays.binarySearch(starts, physAddr);
        int at = i >= 0 ? i : -i - 2;
        if (at < 0 || physAddr >= ends[at]) {
            return false;
        }
        return rates[at] >= 100 || rng.nextInt(100) < rates[at];
    }
}
