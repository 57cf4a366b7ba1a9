package dev.daxscope.sim.damon;

import dev.daxscope.model.Errno;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.damon.DamonState.AddressRange;
import dev.daxscope.model.damon.DamonState.Region;
import dev.daxscope.model.damon.HeatSnapshot;
import dev.daxscope.model.damon.IdlePercentiles;
import dev.daxscope.sim.kmem.MemoryBlock;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.mm.AnonymousMemory;
import dev.daxscope.sim.mm.SimProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The simulated DAMON: kdamonds started over a node's memory ({@code monitor}), DAMON_STAT over
 * the biggest System RAM range, and the simulated clock that drives their sampling
 * ({@code elapse}). Access comes from processes working on their anonymous memory
 * ({@code P work}); device-DAX and famfs pages are ZONE_DEVICE, which DAMON's physical operations
 * never see, and no monitor can cover them (they are not System RAM). Guarded by its own lock:
 * everything here is deterministic, with no worker threads.
 */
public final class SimDamon {
    /** DAMON_STAT's fixed attributes (damon_stat_build_ctx); its interval auto-tuning is not simulated. */
    static final MonitorAttributes STAT_ATTRIBUTES = new MonitorAttributes(5_000, 100_000, 60_000_000, 10, 1000);
    /** DAMON_STAT refreshes its parameters at most every 5 s (damon_stat_damon_call_fn). */
    private static final long STAT_REFRESH_US = 5_000_000;
    private static final long KDAMOND_PID_BASE = 2000;

    /**
     * A process keeps accessing bytes {@code [offset, offset+length)} of its anonymous memory
     * (length 0: to its end), each page in {@code ratePercent}% of sampling intervals.
     */
    public record Work(long offset, long length, int ratePercent) {
    }

    /** One sysfs kdamond daxscope's monitor started: paddr, one target, one {@code stat} scheme that matches every region. */
    public static final class Kdamond {
        private final int index;
        private final int node;
        private final MonitoringContext context;
        private boolean on = true;
        private boolean triedCleared;
        private long nrTried;
        private long szTried;
        private long seenAggregations;

        Kdamond(int index, int node, MonitoringContext context) {
            this.index = index;
            this.node = node;
            this.context = context;
        }

        public int index() {
            return index;
        }

        public int node() {
            return node;
        }

        public boolean on() {
            return on;
        }

        public long pid() {
            return on ? KDAMOND_PID_BASE + index : -1;
        }

        public long sampleUs() {
            return context.attributes().sampleUs();
        }

        public long aggrUs() {
            return context.attributes().aggrUs();
        }

        public long updateUs() {
            return context.attributes().updateUs();
        }

        public int minRegions() {
            return context.attributes().minRegions();
        }

        public int maxRegions() {
            return context.attributes().maxRegions();
        }

        public List<AddressRange> targetRanges() {
            return context.targetRanges();
        }

        /** tried_regions: the last aggregation's regions, as if update_schemes_tried_regions was just written, unless cleared. */
        public List<Region> triedRegions() {
            return triedCleared ? List.of() : context.published();
        }

        public long nrTried() {
            return nrTried;
        }

        public long szTried() {
            return szTried;
        }

        void countTried() {
            for (; seenAggregations < context.aggregations(); seenAggregations++) {
                nrTried += context.published().size();
                szTried += context.published().stream().mapToLong(Region::size).sum();
            }
        }
    }

    private final KernelProfile profile;
    private final DamonFeatures features;
    private final MemoryHotplug memory;
    private final AnonymousMemory anon;
    private final List<Kdamond> kdamonds = new ArrayList<>();
    private final TreeMap<Integer, Work> work = new TreeMap<>();
    private MonitoringContext stat;
    private boolean statEnabled;
    private long statBandwidth;
    private List<Long> statPercentiles = List.of();
    private long statAggrUs;
    private long statRefreshedUs;
    private long nowUs;
    private long seed = 1;
    /** Counts the changes to what DAMON's files show, so a reader can keep what it read until the next one. */
    private long changes;

    public SimDamon(KernelProfile profile, MemoryHotplug memory, AnonymousMemory anon) {
        this.profile = profile;
        this.features = DamonFeatures.of(profile);
        this.memory = memory;
        this.anon = anon;
    }

    public KernelProfile profile() {
        return profile;
    }

    public DamonFeatures features() {
        return features;
    }

    /** Boot: DAMON_STAT starts where the kernel enables it by default. */
    public synchronized void boot() {
        if (features.statOnAtBoot() && !statEnabled) {
            startStat();
        }
    }

    /** Changes whenever anything DAMON's files show may have changed (monitors, their state, samples, DAMON_STAT). */
    public synchronized long changes() {
        return changes;
    }

    public synchronized long nowUs() {
        return nowUs;
    }

    /** The seed of the monitors started from now on (their split points and sampled pages). */
    public synchronized void setSeed(long seed) {
        this.seed = seed;
    }

    /**
     * Starts a kdamond over {@code node}'s online memory blocks, as daxscope's own monitor on a
     * real machine does. EINVAL for a node without online memory or attributes the kernel refuses;
     * EBUSY while DAMON_STAT holds DAMON (it runs its context exclusively).
     */
    public synchronized Outcome monitor(int node, MonitorAttributes attrs) {
        String bad = attrs.invalid();
        if (bad != null) {
            return Outcome.fail(Errno.EINVAL, "", "damon_set_attrs: " + bad);
        }
        List<AddressRange> ranges = onlineRanges(node);
        if (ranges.isEmpty()) {
            return Outcome.fail(Errno.EINVAL, "", "node " + node + " has no online memory to monitor");
        }
        if (statEnabled) {
            return Outcome.fail(Errno.EBUSY, "", "DAMON_STAT holds DAMON (write N to /sys/module/damon_stat/parameters/enabled first)");
        }
        kdamonds.add(new Kdamond(kdamonds.size(), node, new MonitoringContext(attrs, ranges, seed + kdamonds.size())));
        changes++;
        return Outcome.ok();
    }

    /** {@code P work}: replaces what P worked on before; a rate of 0 makes it idle. */
    public synchronized Outcome work(SimProcess p, Work w) {
        if (!p.alive()) {
            return Outcome.fail(Errno.ESRCH, "", "process " + p.name() + " has exited");
        }
        long held = anonymousBytes(p.pid());
        if (held == 0) {
            return Outcome.fail(Errno.EINVAL, "", p.name() + " has no anonymous memory (alloc first)");
        }
        long length = w.length() == 0 ? held - w.offset() : w.length();
        if (w.offset() < 0 || length <= 0 || length > held - w.offset() || w.ratePercent() < 0 || w.ratePercent() > 100) {
            return Outcome.fail(Errno.EINVAL, "", "work off=" + w.offset() + " len=" + w.length() + " rate=" + w.ratePercent()
                    + " is outside " + p.name() + "'s " + held + " bytes of anonymous memory or 0..100%");
        }
        work.put(p.pid(), new Work(w.offset(), length, w.ratePercent()));
        changes++;
        return Outcome.ok();
    }

    /** Simulated time passes: every running context samples and aggregates as its intervals say. */
    public synchronized void elapse(long us) {
        AccessMap accesses = new AccessMap(anon.physicalExtents(), work);
        for (Kdamond k : kdamonds) {
            if (k.on) {
                run(k.context, us, accesses);
                k.countTried();
            }
        }
        if (statEnabled) {
            long at = nowUs;
            long end = nowUs + us;
            // DAMON_STAT publishes at most every 5 s: run to each refresh point and publish there.
            while (statRefreshedUs + STAT_REFRESH_US <= end) {
                long next = statRefreshedUs + STAT_REFRESH_US;
                run(stat, next - at, accesses);
                at = next;
                statRefreshedUs = next;
                refreshStat(next);
            }
            run(stat, end - at, accesses);
        }
        nowUs += us;
        changes++;
    }

    private static void run(MonitoringContext c, long us, AccessMap accesses) {
        for (long i = c.samplesIn(us); i > 0; i--) {
            c.sample(accesses);
        }
    }

    private void refreshStat(long atUs) {
        List<Region> regions = stat.published();
        statAggrUs = STAT_ATTRIBUTES.aggrUs();
        statBandwidth = new HeatSnapshot("DAMON_STAT", true, atUs * 1000, STAT_ATTRIBUTES.sampleUs(), statAggrUs, regions)
                .estimatedBandwidth();
        statPercentiles = IdlePercentiles.of(regions, statAggrUs);
    }

    /** The kdamond's state file: on, off, update/clear of tried regions, and the commands that change nothing here. */
    public synchronized Outcome storeState(int index, String command) {
        Kdamond k = kdamonds.get(index);
        changes++;
        switch (command) {
            case "on" -> {
                if (k.on) {
                    return Outcome.fail(Errno.EBUSY, "", "kdamond " + index + " is already on");
                }
                if (statEnabled) {
                    return Outcome.fail(Errno.EBUSY, "", "DAMON_STAT holds DAMON");
                }
                k.on = true;
            }
            case "off" -> {
                if (!k.on) {
                    return Outcome.fail(Errno.EINVAL, "", "kdamond " + index + " is not running");
                }
                k.on = false;
            }
            case "update_schemes_tried_regions" -> k.triedCleared = false;
            case "clear_schemes_tried_regions" -> k.triedCleared = true;
            case "commit", "update_schemes_stats", "update_schemes_tried_bytes", "update_schemes_effective_quotas",
                 "update_tuned_intervals" -> {
                // The simulated kdamond's files are always current: nothing to refresh.
            }
            default -> {
                return Outcome.fail(Errno.EINVAL, "", "'" + command + "' is not a kdamond state command");
            }
        }
        return Outcome.ok();
    }

    /** {@code damon_stat.enabled}: Y starts DAMON_STAT (EBUSY while a sysfs kdamond runs), N stops it. */
    public synchronized Outcome storeStatEnabled(boolean enable) {
        if (enable == statEnabled) {
            return Outcome.ok();
        }
        if (enable) {
            if (kdamonds.stream().anyMatch(Kdamond::on)) {
                return Outcome.fail(Errno.EBUSY, "", "a sysfs kdamond is running; DAMON_STAT needs DAMON to itself");
            }
            startStat();
        } else {
            statEnabled = false;
            stat = null;
            changes++;
        }
        return Outcome.ok();
    }

    private void startStat() {
        List<AddressRange> biggest = biggestSystemRam().map(List::of).orElse(List.of());
        if (biggest.isEmpty()) {
            return;
        }
        stat = new MonitoringContext(STAT_ATTRIBUTES, biggest, seed);
        changes++;
        statEnabled = true;
        statRefreshedUs = nowUs;
    }

    public synchronized List<Kdamond> kdamonds() {
        return List.copyOf(kdamonds);
    }

    public synchronized boolean statEnabled() {
        return statEnabled;
    }

    public synchronized long statBandwidth() {
        return statBandwidth;
    }

    /** 101 values once DAMON_STAT has published, all zero before (the kernel's static array). */
    public synchronized List<Long> statPercentiles() {
        return statPercentiles.isEmpty() ? java.util.Collections.nCopies(101, 0L) : statPercentiles;
    }

    public synchronized long statAggrUs() {
        return statAggrUs;
    }

    /** Which processes hold the page at {@code phys}, for naming a hot range's owners. */
    public List<AnonymousMemory.PhysicalExtent> extents() {
        return anon.physicalExtents();
    }

    private long anonymousBytes(int pid) {
        return anon.physicalExtents().stream().filter(e -> e.pids().contains(pid)).mapToLong(AnonymousMemory.PhysicalExtent::bytes).sum();
    }

    /** The node's online memory as runs of contiguous blocks. */
    private List<AddressRange> onlineRanges(int node) {
        List<AddressRange> out = new ArrayList<>();
        for (MemoryBlock b : memory.blocks().values()) {
            if (b.online() && b.node() == node) {
                long start = b.index() * memory.blockSize();
                if (!out.isEmpty() && out.getLast().end() == start) {
                    out.set(out.size() - 1, new AddressRange(out.getLast().start(), start + memory.blockSize()));
                } else {
                    out.add(new AddressRange(start, start + memory.blockSize()));
                }
            }
        }
        return out;
    }

    /** damon_find_biggest_system_ram: the largest run of online memory, on any node; the first of equals. */
    private Optional<AddressRange> biggestSystemRam() {
        AddressRange best = null;
        for (int node : memory.nodesWithMemory()) {
            for (AddressRange r : onlineRanges(node)) {
                if (best == null || r.size() > best.size() || (r.size() == best.size() && r.start() < best.start())) {
                    best = r;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
