package dev.daxscope.linux;

import dev.daxscope.model.damon.DamonState;
import dev.daxscope.model.damon.DamonState.AccessPattern;
import dev.daxscope.model.damon.DamonState.AddressRange;
import dev.daxscope.model.damon.DamonState.Context;
import dev.daxscope.model.damon.DamonState.DamonStat;
import dev.daxscope.model.damon.DamonState.Intervals;
import dev.daxscope.model.damon.DamonState.Kdamond;
import dev.daxscope.model.damon.DamonState.Region;
import dev.daxscope.model.damon.DamonState.Scheme;
import dev.daxscope.model.damon.DamonState.SchemeStats;
import dev.daxscope.model.damon.DamonState.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads DAMON from a sysfs tree (the real one, a capture, or a simulator export): the sysfs
 * interface under {@code kernel/mm/damon/admin/kdamonds} (mm/damon/sysfs.c, sysfs-schemes.c) and
 * DAMON_STAT's module parameters (mm/damon/stat.c). Every file is optional; each absence is a
 * note naming the file and what its absence means (which kernel lacks it), never an exception.
 * Read-only: nothing here writes, so a {@code tried_regions} directory shows whatever the last
 * {@code update_schemes_tried_regions} left.
 */
public final class DamonReader {
    /** Numbered children beyond this are not read: the kernel's own max_nr_regions is 4 billion, a tree this big is damaged. */
    private static final int MAX_CHILDREN = 100_000;

    private final Path sysRoot;

    public DamonReader(Path sysRoot) {
        this.sysRoot = sysRoot;
    }

    public DamonState read() {
        List<String> notes = new ArrayList<>();
        TreeFiles sys = new TreeFiles(sysRoot, "/sys", notes);
        List<Kdamond> kdamonds = readKdamonds(sys);
        Optional<DamonStat> stat = readStat(sys);
        return new DamonState(kdamonds, stat, nodeMemory(sys), notes);
    }

    /** Each node's online memory blocks ({@code nodeN/memoryK} whose {@code state} is online), merged into ranges. */
    private static Map<Integer, List<AddressRange>> nodeMemory(TreeFiles sys) {
        Path blockSize = sys.resolve("devices/system/memory/block_size_bytes");
        Optional<String> hex = sys.text(blockSize).map(String::strip);
        long size;
        try {
            size = hex.isPresent() ? Long.parseUnsignedLong(hex.get(), 16) : 0;
        } catch (NumberFormatException e) {
            sys.warn(sys.shown(blockSize) + ": '" + hex.get() + "' is not a hex size; regions are not attributed to nodes");
            return Map.of();
        }
        Map<Integer, List<AddressRange>> out = new TreeMap<>();
        if (size <= 0) {
            return out;
        }
        Path nodes = sys.resolve("devices/system/node");
        for (int n : sys.numbered(nodes, "node")) {
            List<AddressRange> ranges = new ArrayList<>();
            for (int block : sys.numbered(nodes.resolve("node" + n), "memory")) {
                boolean online = sys.text(nodes.resolve("node" + n).resolve("memory" + block).resolve("state"))
                        .map(t -> t.strip().equals("online")).orElse(false);
                long start = block * size;
                if (!online) {
                    continue;
                }
                if (!ranges.isEmpty() && ranges.getLast().end() == start) {
                    ranges.set(ranges.size() - 1, new AddressRange(ranges.getLast().start(), start + size));
                } else {
                    ranges.add(new AddressRange(start, start + size));
                }
            }
            out.put(n, ranges);
        }
        return out;
    }

    private static List<Kdamond> readKdamonds(TreeFiles sys) {
        Path dir = sys.resolve("kernel/mm/damon/admin/kdamonds");
        if (sys.follow(dir).isEmpty()) {
            sys.warn(sys.shown(dir) + ": absent (no DAMON sysfs interface: kernel before 5.18 or without CONFIG_DAMON_SYSFS)");
            return List.of();
        }
        List<Kdamond> out = new ArrayList<>();
        for (int i : children(sys, dir)) {
            Path k = dir.resolve(Integer.toString(i));
            String state = sys.text(k.resolve("state")).map(String::strip).orElse("unknown");
            OptionalLong pid = signed(sys, k.resolve("pid"));
            List<Context> contexts = new ArrayList<>();
            for (int c : children(sys, k.resolve("contexts"))) {
                contexts.add(readContext(sys, k.resolve("contexts").resolve(Integer.toString(c)), c));
            }
            out.add(new Kdamond(i, state, pid.isPresent() && pid.getAsLong() > 0 ? pid : OptionalLong.empty(), contexts));
        }
        return out;
    }

    private static Context readContext(TreeFiles sys, Path c, int index) {
        String ops = sys.text(c.resolve("operations")).map(String::strip).orElse("unknown");
        Path attrs = c.resolve("monitoring_attrs");
        Path iv = attrs.resolve("intervals");
        Path goal = iv.resolve("intervals_goal");
        boolean autoTuned = sys.follow(goal).isPresent()
                && unsigned(sys, goal.resolve("access_bp")).orElse(0) != 0 && unsigned(sys, goal.resolve("aggrs")).orElse(0) != 0;
        Intervals intervals = new Intervals(unsigned(sys, iv.resolve("sample_us")).orElse(0),
                unsigned(sys, iv.resolve("aggr_us")).orElse(0), unsigned(sys, iv.resolve("update_us")).orElse(0), autoTuned);
        List<Target> targets = new ArrayList<>();
        for (int t : children(sys, c.resolve("targets"))) {
            Path td = c.resolve("targets").resolve(Integer.toString(t));
            List<AddressRange> ranges = new ArrayList<>();
            for (int r : children(sys, td.resolve("regions"))) {
                Path rd = td.resolve("regions").resolve(Integer.toString(r));
                ranges.add(new AddressRange(unsigned(sys, rd.resolve("start")).orElse(0), unsigned(sys, rd.resolve("end")).orElse(0)));
            }
            targets.add(new Target(t, signed(sys, td.resolve("pid_target")).orElse(0), ranges));
        }
        List<Scheme> schemes = new ArrayList<>();
        for (int s : children(sys, c.resolve("schemes"))) {
            schemes.add(readScheme(sys, c.resolve("schemes").resolve(Integer.toString(s)), s));
        }
        return new Context(index, ops, intervals, unsigned(sys, attrs.resolve("nr_regions/min")).orElse(0),
                unsigned(sys, attrs.resolve("nr_regions/max")).orElse(0), targets, schemes);
    }

    private static Scheme readScheme(TreeFiles sys, Path s, int index) {
        Path ap = s.resolve("access_pattern");
        AccessPattern pattern = new AccessPattern(unsigned(sys, ap.resolve("sz/min")).orElse(0),
                unsigned(sys, ap.resolve("sz/max")).orElse(-1L), unsigned(sys, ap.resolve("nr_accesses/min")).orElse(0),
                unsigned(sys, ap.resolve("nr_accesses/max")).orElse(0), unsigned(sys, ap.resolve("age/min")).orElse(0),
                unsigned(sys, ap.resolve("age/max")).orElse(0));
        Path st = s.resolve("stats");
        SchemeStats stats = new SchemeStats(unsigned(sys, st.resolve("nr_tried")).orElse(0), unsigned(sys, st.resolve("sz_tried")).orElse(0),
                unsigned(sys, st.resolve("nr_applied")).orElse(0), unsigned(sys, st.resolve("sz_applied")).orElse(0),
                unsigned(sys, st.resolve("qt_exceeds")).orElse(0));
        Path tried = s.resolve("tried_regions");
        Optional<List<Region>> regions = Optional.empty();
        OptionalLong total = OptionalLong.empty();
        if (sys.follow(tried).isEmpty()) {
            sys.warn(sys.shown(tried) + ": absent (kernel before 6.2): no per-region access figures from this scheme");
        } else {
            List<Region> list = new ArrayList<>();
            for (int r : children(sys, tried)) {
                Path rd = tried.resolve(Integer.toString(r));
                list.add(new Region(unsigned(sys, rd.resolve("start")).orElse(0), unsigned(sys, rd.resolve("end")).orElse(0),
                        unsigned(sys, rd.resolve("nr_accesses")).orElse(0), unsigned(sys, rd.resolve("age")).orElse(0)));
            }
            regions = Optional.of(list);
            // total_bytes came with 6.6 ("update_schemes_tried_bytes"); its absence is no problem.
            total = sys.text(tried.resolve("total_bytes")).isPresent() ? unsigned(sys, tried.resolve("total_bytes")) : OptionalLong.empty();
        }
        String action = sys.text(s.resolve("action")).map(String::strip).orElse("unknown");
        return new Scheme(index, action, pattern, stats, regions, total);
    }

    private static Optional<DamonStat> readStat(TreeFiles sys) {
        Path dir = sys.resolve("module/damon_stat/parameters");
        if (sys.follow(dir).isEmpty()) {
            sys.warn(sys.shown(dir) + ": absent (DAMON_STAT is 6.17 and later, built in with CONFIG_DAMON_STAT)");
            return Optional.empty();
        }
        Optional<String> enabled = sys.text(dir.resolve("enabled")).map(String::strip);
        List<Long> percentiles = new ArrayList<>();
        Path pct = dir.resolve("memory_idle_ms_percentiles");
        for (String part : sys.text(pct).orElse("").strip().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                percentiles.add(Long.parseLong(part.strip()));
            } catch (NumberFormatException e) {
                sys.warn(sys.shown(pct) + ": '" + part.strip() + "' is not a number; percentiles not shown");
                percentiles.clear();
                break;
            }
        }
        Path aggr = dir.resolve("aggr_interval_us");
        OptionalLong aggrUs = sys.text(aggr).isPresent() ? unsigned(sys, aggr) : OptionalLong.empty();
        return Optional.of(new DamonStat(enabled.map(e -> e.equals("Y") || e.equals("1")).orElse(false),
                unsigned(sys, dir.resolve("estimated_memory_bandwidth")), percentiles, aggrUs));
    }

    /** The numbered subdirectories of {@code dir} ({@code 0}, {@code 1}, ...), ascending. */
    private static List<Integer> children(TreeFiles sys, Path dir) {
        List<Integer> out = new ArrayList<>();
        for (String name : sys.list(dir)) {
            if (name.matches("0|[1-9][0-9]{0,8}") && sys.follow(dir.resolve(name)).map(java.nio.file.Files::isDirectory).orElse(false)) {
                out.add(Integer.valueOf(name));
            }
        }
        out.sort(null);
        if (out.size() > MAX_CHILDREN) {
            sys.warn(sys.shown(dir) + ": " + out.size() + " entries; only the first " + MAX_CHILDREN + " are read");
            return out.subList(0, MAX_CHILDREN);
        }
        return out;
    }

    /** An unsigned long as the kernel prints it (ULONG_MAX reads as -1L); absent or garbage is empty, garbage warned. */
    private static OptionalLong unsigned(TreeFiles sys, Path p) {
        return parsed(sys, p, true);
    }

    private static OptionalLong signed(TreeFiles sys, Path p) {
        return parsed(sys, p, false);
    }

    private static OptionalLong parsed(TreeFiles sys, Path p, boolean unsigned) {
        Optional<String> text = sys.text(p).map(String::strip);
        if (text.isEmpty() || text.get().isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(unsigned ? Long.parseUnsignedLong(text.get()) : Long.parseLong(text.get()));
        } catch (NumberFormatException e) {
            String s = text.get();
            sys.warn(sys.shown(p) + ": '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "' is not a number");
            return OptionalLong.empty();
        }
    }
}
