package dev.daxscope.sim.sysfs;

import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.damon.DamonState.AddressRange;
import dev.daxscope.model.damon.DamonState.Region;
import dev.daxscope.sim.damon.DamonFeatures;
import dev.daxscope.sim.damon.SimDamon;
import dev.daxscope.sim.lib.KernelParse;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The simulated DAMON's files, laid out as mm/damon/sysfs.c and sysfs-schemes.c lay them out
 * (modes 0600, {@code pid} 0400) and DAMON_STAT's module parameters, so the reader that reads a
 * real machine reads the simulator. Each kdamond is one a {@code monitor} statement started:
 * paddr, one target, one {@code stat} scheme whose access pattern matches every region. Its
 * {@code state} takes the kernel's commands; its other files are read-only here [the kernel lets
 * them be written; the simulator's monitor takes its setup from the statement].
 */
final class DamonFiles {
    private static final String ULONG_MAX = "18446744073709551615";
    private static final String UINT_MAX = "4294967295";

    private final SimDamon damon;

    DamonFiles(SimDamon damon) {
        this.damon = damon;
    }

    void addTo(SysfsNode.Dir root) {
        SysfsNode.Dir kdamonds = root.dir("sys").dir("kernel").dir("mm").dir("damon").dir("admin").dir("kdamonds");
        List<SimDamon.Kdamond> all = damon.kdamonds();
        constant(kdamonds, "nr_kdamonds", () -> Integer.toString(all.size()));
        for (SimDamon.Kdamond k : all) {
            addKdamond(kdamonds.dir(Integer.toString(k.index())), k);
        }
        DamonFeatures f = damon.features();
        if (f.damonStat()) {
            SysfsNode.Dir params = root.dir("sys").dir("module").dir("damon_stat").dir("parameters");
            params.file("enabled", 0600, () -> (damon.statEnabled() ? "Y" : "N") + "\n", v -> {
                KernelParse.Parsed p = KernelParse.kstrtobool(v);
                return p.ok() ? damon.storeStatEnabled(p.value() == 1)
                        : Outcome.fail(Errno.EINVAL, "", "'" + KernelParse.stripOneNewline(v) + "' is not a boolean");
            });
            params.file("estimated_memory_bandwidth", 0400, () -> damon.statBandwidth() + "\n", null);
            params.file("memory_idle_ms_percentiles", 0400, () -> damon.statPercentiles().stream().map(String::valueOf)
                    .collect(Collectors.joining(",")) + "\n", null);
            if (f.statAggrInterval()) {
                params.file("aggr_interval_us", 0400, () -> damon.statAggrUs() + "\n", null);
            }
        }
    }

    private void addKdamond(SysfsNode.Dir kd, SimDamon.Kdamond k) {
        kd.file("state", 0600, () -> (k.on() ? "on" : "off") + "\n", v -> damon.storeState(k.index(), KernelParse.stripOneNewline(v).strip()));
        kd.file("pid", 0400, () -> k.pid() + "\n", null);
        SysfsNode.Dir contexts = kd.dir("contexts");
        constant(contexts, "nr_contexts", () -> "1");
        SysfsNode.Dir c = contexts.dir("0");
        constant(c, "avail_operations", () -> "vaddr\nfvaddr\npaddr");
        constant(c, "operations", () -> "paddr");
        SysfsNode.Dir intervals = c.dir("monitoring_attrs").dir("intervals");
        constant(intervals, "sample_us", () -> Long.toString(k.sampleUs()));
        constant(intervals, "aggr_us", () -> Long.toString(k.aggrUs()));
        constant(intervals, "update_us", () -> Long.toString(k.updateUs()));
        if (damon.features().intervalsGoal()) {
            SysfsNode.Dir goal = intervals.dir("intervals_goal");
            for (String name : new String[] {"access_bp", "aggrs", "min_sample_us", "max_sample_us"}) {
                constant(goal, name, () -> "0");
            }
        }
        SysfsNode.Dir nrRegions = c.dir("monitoring_attrs").dir("nr_regions");
        constant(nrRegions, "min", () -> Integer.toString(k.minRegions()));
        constant(nrRegions, "max", () -> Integer.toString(k.maxRegions()));
        SysfsNode.Dir targets = c.dir("targets");
        constant(targets, "nr_targets", () -> "1");
        SysfsNode.Dir target = targets.dir("0");
        constant(target, "pid_target", () -> "0");
        SysfsNode.Dir regions = target.dir("regions");
        List<AddressRange> ranges = k.targetRanges();
        constant(regions, "nr_regions", () -> Integer.toString(ranges.size()));
        for (int i = 0; i < ranges.size(); i++) {
            AddressRange r = ranges.get(i);
            SysfsNode.Dir rd = regions.dir(Integer.toString(i));
            constant(rd, "start", () -> Long.toString(r.start()));
            constant(rd, "end", () -> Long.toString(r.end()));
        }
        addScheme(c.dir("schemes"), k);
    }

    private void addScheme(SysfsNode.Dir schemes, SimDamon.Kdamond k) {
        constant(schemes, "nr_schemes", () -> "1");
        SysfsNode.Dir s = schemes.dir("0");
        constant(s, "action", () -> "stat");
        SysfsNode.Dir pattern = s.dir("access_pattern");
        minMax(pattern.dir("sz"), "0", ULONG_MAX);
        minMax(pattern.dir("nr_accesses"), "0", UINT_MAX);
        minMax(pattern.dir("age"), "0", UINT_MAX);
        SysfsNode.Dir stats = s.dir("stats");
        constant(stats, "nr_tried", () -> Long.toString(k.nrTried()));
        constant(stats, "sz_tried", () -> Long.toString(k.szTried()));
        constant(stats, "nr_applied", () -> Long.toString(k.nrTried()));
        constant(stats, "sz_applied", () -> Long.toString(k.szTried()));
        constant(stats, "qt_exceeds", () -> "0");
        if (!damon.features().triedRegions()) {
            return;
        }
        SysfsNode.Dir tried = s.dir("tried_regions");
        List<Region> regions = k.triedRegions();
        if (damon.features().triedTotalBytes()) {
            constant(tried, "total_bytes", () -> Long.toString(regions.stream().mapToLong(Region::size).sum()));
        }
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            SysfsNode.Dir rd = tried.dir(Integer.toString(i));
            rd.file("start", 0400, () -> r.start() + "\n", null);
            rd.file("end", 0400, () -> r.end() + "\n", null);
            rd.file("nr_accesses", 0400, () -> r.nrAccesses() + "\n", null);
            rd.file("age", 0400, () -> r.age() + "\n", null);
        }
    }

    private static void minMax(SysfsNode.Dir dir, String min, String max) {
        constant(dir, "min", () -> min);
        constant(dir, "max", () -> max);
    }

    /** A 0600 file that reads {@code text} and refuses writes (the simulated monitor's setup comes from its statement). */
    private static void constant(SysfsNode.Dir dir, String name, Supplier<String> text) {
        dir.file(name, 0600, () -> text.get() + "\n", v -> Outcome.fail(Errno.EOPNOTSUPP, "",
                "the simulated DAMON takes its setup from the monitor statement; only a kdamond's state can be written"));
    }
}
