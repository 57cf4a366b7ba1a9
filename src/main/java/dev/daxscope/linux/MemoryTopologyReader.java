package dev.daxscope.linux;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.MemoryTopology.HmatAccess;
import dev.daxscope.model.MemoryTopology.MemorySideCache;
import dev.daxscope.model.MemoryTopology.MemoryTier;
import dev.daxscope.model.MemoryTopology.NodeSource;
import dev.daxscope.model.MemoryTopology.NumaNode;
import dev.daxscope.model.MemoryTopology.TieringSettings;
import dev.daxscope.model.MemoryTopology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a machine's {@link MemoryTopology} from a sysfs and a procfs tree (the real ones, a
 * capture, or a simulator export): memory tiers, NUMA nodes with their meminfo, vmstat, distance
 * and HMAT attributes, the tiering settings, numa_maps and the CXL chains. Every file is
 * optional; whatever is missing or unreadable is named in the topology's warnings, never thrown.
 */
public final class MemoryTopologyReader {
    private static final Pattern MEMINFO = Pattern.compile("Node \\d+ (MemTotal|MemFree|MemUsed):\\s+(\\d{1,15}) kB");

    private final Path sysRoot;
    private final Path procRoot;

    public MemoryTopologyReader(Path sysRoot, Path procRoot) {
        this.sysRoot = sysRoot;
        this.procRoot = procRoot;
    }

    public MemoryTopology read() {
        List<String> warnings = new ArrayList<>();
        TreeFiles sys = new TreeFiles(sysRoot, "/sys", warnings);
        TreeFiles proc = new TreeFiles(procRoot, "/proc", warnings);
        List<MemoryTier> tiers = readTiers(sys);
        Map<Integer, List<NodeSource>> sources = daxSources(sys);
        List<NumaNode> nodes = readNodes(sys, sources);
        TieringSettings settings = readSettings(sys, proc);
        var processes = new NumaMapsReader(proc).readAll();
        Map<Integer, Integer> tierByNode = new HashMap<>();
        tiers.forEach(t -> t.nodes().forEach(n -> tierByNode.put(n, t.id())));
        var chains = new CxlChainReader(sys, tierByNode).read();
        Map<String, Long> vmstat = counters(proc, proc.resolve("vmstat"));
        return new MemoryTopology(tiers, nodes, settings, processes, chains, vmstat, warnings);
    }

    private static List<MemoryTier> readTiers(TreeFiles sys) {
        Path dir = sys.resolve("devices/virtual/memory_tiering");
        List<Integer> ids = sys.numbered(dir, "memory_tier");
        if (ids.isEmpty()) {
            sys.warn(sys.shown(dir) + (sys.follow(dir).isPresent()
                    ? ": no memory_tierN (no node has memory?)"
                    : ": absent (kernel before 6.1 or without CONFIG_NUMA/CONFIG_MIGRATION); no tiers shown"));
        }
        List<MemoryTier> out = new ArrayList<>();
        for (int id : ids) {
            Path nodelist = dir.resolve("memory_tier" + id).resolve("nodelist");
            Optional<String> text = sys.text(nodelist);
            if (text.isEmpty()) {
                sys.warn(sys.shown(nodelist) + ": missing; tier " + id + " shown without nodes");
            }
            out.add(new MemoryTier(id, List.copyOf(text.map(t -> sys.parseRangeList(t, sys.shown(nodelist))).orElse(Set.of()))));
        }
        return out;
    }

    private static List<NumaNode> readNodes(TreeFiles sys, Map<Integer, List<NodeSource>> sources) {
        Path dir = sys.resolve("devices/system/node");
        List<Integer> ids = sys.numbered(dir, "node");
        if (ids.isEmpty()) {
            sys.warn(sys.shown(dir) + ": no nodeN directories (kernel without CONFIG_NUMA?)");
        }
        Set<Integer> withCpu = sys.rangeList(dir.resolve("has_cpu"));
        Set<Integer> withMemory = sys.rangeList(dir.resolve("has_memory"));
        List<NumaNode> out = new ArrayList<>();
        for (int id : ids) {
            Path nd = dir.resolve("node" + id);
            Map<String, Long> meminfo = meminfo(sys, nd.resolve("meminfo"));
            out.add(new NumaNode(id, withCpu.contains(id), withMemory.contains(id), meminfo.getOrDefault("MemTotal", -1L),
                    meminfo.getOrDefault("MemFree", -1L), meminfo.getOrDefault("MemUsed", -1L),
                    counters(sys, nd.resolve("vmstat")), distance(sys, nd.resolve("distance")), hmat(sys, nd),
                    caches(sys, nd.resolve("memory_side_cache")), sources.getOrDefault(id, List.of())));
        }
        return out;
    }

    private static Map<String, Long> meminfo(TreeFiles sys, Path file) {
        Map<String, Long> out = new HashMap<>();
        sys.text(file).ifPresentOrElse(t -> {
            Matcher m = MEMINFO.matcher(t);
            while (m.find()) {
                out.put(m.group(1), Long.parseLong(m.group(2)) * 1024);
            }
        }, () -> sys.warn(sys.shown(file) + ": missing; the node's memory is unknown"));
        return out;
    }

    /** The tiering counters of a vmstat file ("name value" lines); the rest is ignored. */
    private static Map<String, Long> counters(TreeFiles files, Path file) {
        Map<String, Long> out = new LinkedHashMap<>();
        Optional<String> text = files.text(file);
        if (text.isEmpty()) {
            files.warn(files.shown(file) + ": missing; no promotion/demotion/migration counters from it");
            return out;
        }
        for (String line : text.get().split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && MemoryTopology.VMSTAT_COUNTERS.contains(f[0]) && f[1].matches("\\d{1,19}")) {
                out.put(f[0], Long.parseUnsignedLong(f[1]));
            }
        }
        return out;
    }

    private static List<Integer> distance(TreeFiles sys, Path file) {
        List<Integer> out = new ArrayList<>();
        for (String f : sys.text(file).orElse("").strip().split("\\s+")) {
            if (f.matches("\\d{1,4}")) {
                out.add(Integer.parseInt(f));
            } else if (!f.isEmpty()) {
                sys.warn(sys.shown(file) + ": '" + f + "' is not a distance");
            }
        }
        return out;
    }

    /** nodeN/accessC/initiators: the initiator node links and the four HMAT figures. */
    private static List<HmatAccess> hmat(TreeFiles sys, Path node) {
        List<HmatAccess> out = new ArrayList<>();
        for (int c : sys.numbered(node, "access")) {
            Path init = node.resolve("access" + c).resolve("initiators");
            List<Integer> initiators = sys.numbered(init, "node");
            out.add(new HmatAccess(c, initiators, figure(sys, init, "read_latency"), figure(sys, init, "write_latency"),
                    figure(sys, init, "read_bandwidth"), figure(sys, init, "write_bandwidth")));
        }
        return out;
    }

    private static long figure(TreeFiles sys, Path dir, String name) {
        return sys.number(dir.resolve(name)).orElse(-1L);
    }

    private static List<MemorySideCache> caches(TreeFiles sys, Path dir) {
        List<MemorySideCache> out = new ArrayList<>();
        for (int level : sys.numbered(dir, "index")) {
            Path d = dir.resolve("index" + level);
            out.add(new MemorySideCache(level, figure(sys, d, "size"), figure(sys, d, "line_size"),
                    figure(sys, d, "indexing"), figure(sys, d, "write_policy")));
        }
        return out;
    }

    /** Each dax device by its target_node (the node kmem hands its memory to). */
    private static Map<Integer, List<NodeSource>> daxSources(TreeFiles sys) {
        Map<Integer, List<NodeSource>> out = new TreeMap<>();
        Path devices = sys.resolve("bus/dax/devices");
        for (String name : sys.list(devices)) {
            Optional<Path> dir = sys.follow(devices.resolve(name));
            if (dir.isEmpty()) {
                sys.warn(sys.shown(devices.resolve(name)) + ": link does not resolve");
                continue;
            }
            Optional<Long> target = sys.number(dir.get().resolve("target_node"));
            if (target.isEmpty() || target.get() < 0) {
                continue;
            }
            String driverName = sys.linkName(dir.get().resolve("driver")).orElse("");
            DriverKind driver = DriverKind.ofSysfsName(driverName).orElseGet(() -> {
                sys.warn(sys.shown(dir.get().resolve("driver")) + ": " + driverName + " is not a dax bus driver; shown as unbound");
                return DriverKind.NONE;
            });
            out.computeIfAbsent(target.get().intValue(), k -> new ArrayList<>())
                    .add(new NodeSource(name, driver, cxlRegionAbove(dir.get())));
        }
        return out;
    }

    /** The CXL region a dax device sits under (…/regionN/dax_regionN/daxN.M), or null. */
    static String cxlRegionAbove(Path deviceDir) {
        Path daxRegion = deviceDir.getParent();
        Path region = daxRegion == null ? null : daxRegion.getParent();
        boolean cxl = region != null && region.getFileName() != null
                && daxRegion.getFileName().toString().matches("dax_region\\d{1,9}")
                && region.getFileName().toString().matches("region\\d{1,9}");
        return cxl ? region.getFileName().toString() : null;
    }

    private static TieringSettings readSettings(TreeFiles sys, TreeFiles proc) {
        Path demotion = sys.resolve("kernel/mm/numa/demotion_enabled");
        Boolean demotionEnabled = sys.text(demotion).map(String::strip).map(t -> t.equals("true") || t.equals("1")).orElse(null);
        if (demotionEnabled == null) {
            sys.warn(sys.shown(demotion) + ": absent; demotion setting unknown");
        }
        Path balancing = proc.resolve("sys/kernel/numa_balancing");
        Integer mode = proc.number(balancing).map(Long::intValue).orElse(null);
        if (mode == null) {
            proc.warn(proc.shown(balancing) + ": absent; NUMA balancing mode unknown");
        }
        Map<Integer, Integer> weights = new TreeMap<>();
        Path wi = sys.resolve("kernel/mm/mempolicy/weighted_interleave");
        for (int n : sys.numbered(wi, "node")) {
            sys.number(wi.resolve("node" + n)).ifPresent(w -> weights.put(n, w.intValue()));
        }
        return new TieringSettings(demotionEnabled, mode, weights);
    }
}
