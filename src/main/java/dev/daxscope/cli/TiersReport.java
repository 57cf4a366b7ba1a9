package dev.daxscope.cli;

import dev.daxscope.model.MemoryTopology.HmatAccess;
import dev.daxscope.model.MemoryTopology.MemoryTier;
import dev.daxscope.model.MemoryTopology.NumaNode;
import dev.daxscope.model.MemoryTopology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** What {@code daxscope tiers} prints: the tiers from the top, each node with its memory, sources, HMAT and counters. */
final class TiersReport {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private TiersReport() {
    }

    /** {@code [{"tier": N, "nodes": [{"node": N, "has_cpu": bool, "mem_total": bytes, ...}]}]}, tiers ascending. */
    static String json(MemoryTopology t) {
        List<Map<String, Object>> tiers = new ArrayList<>();
        for (MemoryTier tier : t.tiers()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("tier", tier.id());
            o.put("abstract_distance_start", tier.abstractDistanceStart());
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (int id : tier.nodes()) {
                nodes.add(nodeJson(t, id));
            }
            o.put("nodes", nodes);
            tiers.add(o);
        }
        return JSON.writeValueAsString(tiers);
    }

    private static Map<String, Object> nodeJson(MemoryTopology t, int id) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("node", id);
        NumaNode n = t.node(id).orElse(null);
        if (n == null) {
            // Listed in a tier's nodelist but without a node directory: say so rather than invent figures.
            o.put("missing", "no /sys/devices/system/node/node" + id);
            return o;
        }
        o.put("has_cpu", n.hasCpu());
        o.put("has_memory", n.hasMemory());
        o.put("mem_total", n.memTotal());
        o.put("mem_free", n.memFree());
        o.put("mem_used", n.memUsed());
        o.put("dax_devices", n.daxDevices().stream().map(s -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("device", s.device());
            d.put("driver", s.driver().sysfsName());
            d.put("mode", s.driver().mode());
            d.put("cxl_region", s.cxlRegion());
            return d;
        }).toList());
        o.put("cxl_regions", cxlRegions(n));
        Map<String, Object> hmat = new LinkedHashMap<>();
        for (HmatAccess a : n.hmat()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("initiators", a.initiators());
            c.put("read_latency_ns", a.readLatency());
            c.put("write_latency_ns", a.writeLatency());
            c.put("read_bandwidth_mbps", a.readBandwidth());
            c.put("write_bandwidth_mbps", a.writeBandwidth());
            hmat.put("access" + a.accessClass(), c);
        }
        o.put("hmat", hmat);
        o.put("memory_side_caches", n.memorySideCaches().stream().map(c -> Map.of("level", c.level(), "size", c.size(),
                "line_size", c.lineSize(), "indexing", c.indexing(), "write_policy", c.writePolicy())).toList());
        o.put("distance", n.distance());
        Map<String, Long> counters = new LinkedHashMap<>();
        MemoryTopology.VMSTAT_COUNTERS.forEach(k -> {
            if (n.vmstat().containsKey(k)) {
                counters.put(k, n.vmstat().get(k));
            }
        });
        o.put("counters", counters);
        Map<String, Long> pages = new LinkedHashMap<>();
        t.pagesOnNode(id).forEach((pid, p) -> pages.put(Integer.toString(pid), p));
        o.put("pages_by_pid", pages);
        return o;
    }

    private static List<String> cxlRegions(NumaNode n) {
        Set<String> out = new TreeSet<>();
        n.daxDevices().stream().map(MemoryTopology.NodeSource::cxlRegion).filter(r -> r != null).forEach(out::add);
        return List.copyOf(out);
    }

    static String text(MemoryTopology t) {
        StringBuilder out = new StringBuilder();
        Set<Integer> placed = new TreeSet<>();
        for (MemoryTier tier : t.tiers()) {
            out.append(String.format(Locale.ROOT, "memory_tier%d  (abstract distance %d-%d)%n", tier.id(),
                    tier.abstractDistanceStart(), tier.abstractDistanceEnd()));
            for (int id : tier.nodes()) {
                placed.add(id);
                out.append(node(t, id));
            }
        }
        List<NumaNode> outside = t.nodes().stream().filter(n -> !placed.contains(n.id())).toList();
        if (!outside.isEmpty()) {
            out.append("not in a tier (no memory online)\n");
            outside.forEach(n -> out.append(node(t, n.id())));
        }
        MemoryTopology.TieringSettings s = t.settings();
        out.append("demotion_enabled: ").append(s.demotionEnabled() == null ? "unknown" : s.demotionEnabled())
                .append("   numa_balancing: ").append(s.numaBalancing() == null ? "unknown" : balancing(s.numaBalancing()))
                .append("   pages migrated: ").append(figure(t.vmstat().getOrDefault("pgmigrate_success", -1L)))
                .append(" (failed ").append(figure(t.vmstat().getOrDefault("pgmigrate_fail", -1L))).append(")\n");
        for (var chain : t.cxlChains()) {
            out.append("cxl: ").append(String.join(" -> ", chainLinks(chain))).append('\n');
            chain.unresolved().forEach(u -> out.append("     unresolved ").append(u).append('\n'));
        }
        t.warnings().forEach(w -> out.append("warning: ").append(w).append('\n'));
        return out.toString();
    }

    private static List<String> chainLinks(MemoryTopology.CxlChain c) {
        List<String> links = new ArrayList<>();
        for (Object o : new Object[] {c.memdev(), c.port(), c.decoder(), c.region(), c.daxRegion(), c.daxDevice(),
            c.targetNode() == null ? null : "node" + c.targetNode(), c.tier() == null ? null : "memory_tier" + c.tier()}) {
            links.add(o == null ? "?" : o.toString());
        }
        return links;
    }

    private static String balancing(int mode) {
        return mode + switch (mode) {
            case 0 -> " (off)";
            case 1 -> " (normal)";
            case 2 -> " (memory tiering)";
            case 3 -> " (normal + memory tiering)";
            default -> "";
        };
    }

    private static String node(MemoryTopology t, int id) {
        NumaNode n = t.node(id).orElse(null);
        if (n == null) {
            return "  node" + id + "  (no /sys/devices/system/node/node" + id + ")\n";
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  node%d  %s  %s total, %s free", id, n.hasCpu() ? "CPU" : "no CPU",
                bytes(n.memTotal()), bytes(n.memFree())));
        if (!n.daxDevices().isEmpty()) {
            out.append("  from ").append(String.join(", ", n.daxDevices().stream().map(s -> s.device() + " ("
                    + (s.driver().bound() ? s.driver().label() : "unbound") + (s.cxlRegion() == null ? "" : ", CXL " + s.cxlRegion())
                    + ")").toList()));
        }
        out.append('\n');
        for (HmatAccess a : n.hmat()) {
            out.append(String.format(Locale.ROOT, "      access%d: latency read %s / write %s ns, bandwidth read %s / write %s MB/s,"
                    + " initiators %s%n", a.accessClass(), figure(a.readLatency()), figure(a.writeLatency()),
                    figure(a.readBandwidth()), figure(a.writeBandwidth()), MemoryTopology.nodeListText(a.initiators())));
        }
        n.memorySideCaches().forEach(c -> out.append(String.format(Locale.ROOT,
                "      memory-side cache L%d: %s, line %d B%n", c.level(), bytes(c.size()), c.lineSize())));
        out.append(String.format(Locale.ROOT, "      promoted %s (candidates %s)  demoted kswapd %s direct %s%n",
                figure(n.counter("pgpromote_success")), figure(n.counter("pgpromote_candidate")),
                figure(n.counter("pgdemote_kswapd")), figure(n.counter("pgdemote_direct"))));
        var pages = t.pagesOnNode(id);
        if (!pages.isEmpty()) {
            out.append("      pages by pid: ").append(String.join(", ", pages.entrySet().stream().limit(8)
                    .map(e -> e.getKey() + "=" + e.getValue()).toList())).append(pages.size() > 8 ? ", ..." : "").append('\n');
        }
        return out.toString();
    }

    private static String figure(long v) {
        return v < 0 ? "?" : Long.toString(v);
    }

    private static String bytes(long b) {
        if (b < 0) {
            return "?";
        }
        return b >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
    }
}
