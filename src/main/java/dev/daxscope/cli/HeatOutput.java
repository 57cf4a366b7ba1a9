package dev.daxscope.cli;

import dev.daxscope.model.damon.HeatReport;
import dev.daxscope.model.damon.HeatReport.HeatRange;
import dev.daxscope.model.damon.HeatReport.MonitorHeat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** What {@code daxscope heat} prints, as text or JSON, in DAMON's units. */
final class HeatOutput {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private HeatOutput() {
    }

    /**
     * {@code {"scope": ..., "observable": bool, "why_not": ..., "monitors": [{"source", "ranges": [...]}], "damon_stat": ..., "notes": [...]}};
     * ranges hottest first, {@code top} at most per monitor.
     */
    static String json(HeatReport r, int top) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("scope", r.scope().what());
        o.put("observable", r.scope().whyNot().isEmpty());
        o.put("why_not", r.scope().whyNot().orElse(null));
        List<Map<String, Object>> monitors = new ArrayList<>();
        for (MonitorHeat m : r.monitors()) {
            Map<String, Object> mo = new LinkedHashMap<>();
            mo.put("source", m.source());
            mo.put("sample_us", m.sampleUs());
            mo.put("aggr_us", m.aggrUs());
            mo.put("max_nr_accesses", m.maxNrAccesses());
            mo.put("total_bytes", m.totalBytes());
            mo.put("hot_bytes", m.hotBytes());
            mo.put("estimated_bandwidth_bytes_per_second", m.estimatedBandwidth());
            List<Map<String, Object>> ranges = new ArrayList<>();
            for (HeatRange h : m.hottestFirst().subList(0, Math.min(top, m.hottestFirst().size()))) {
                Map<String, Object> ro = new LinkedHashMap<>();
                ro.put("start", h.start());
                ro.put("end", h.end());
                ro.put("size", h.size());
                ro.put("nr_accesses", h.nrAccesses());
                ro.put("age", h.age());
                ro.put("node", h.node() < 0 ? null : h.node());
                ro.put("owners", h.owners());
                ranges.add(ro);
            }
            mo.put("ranges", ranges);
            monitors.add(mo);
        }
        o.put("monitors", monitors);
        o.put("damon_stat", r.stat().map(s -> {
            Map<String, Object> so = new LinkedHashMap<>();
            so.put("enabled", s.enabled());
            so.put("estimated_memory_bandwidth", s.estimatedBandwidth().isPresent() ? s.estimatedBandwidth().getAsLong() : null);
            so.put("memory_idle_ms_percentiles", s.idleMsPercentiles());
            so.put("aggr_interval_us", s.aggrIntervalUs().isPresent() ? s.aggrIntervalUs().getAsLong() : null);
            return so;
        }).orElse(null));
        o.put("notes", r.notes());
        return JSON.writeValueAsString(o);
    }

    static String text(HeatReport r, int top) {
        StringBuilder b = new StringBuilder();
        b.append("Heat of ").append(r.scope().what()).append('\n');
        r.scope().whyNot().ifPresent(w -> b.append("  not observable by DAMON: ").append(w).append('\n'));
        for (MonitorHeat m : r.monitors()) {
            b.append(String.format(Locale.ROOT, "%n%s%n  sampling %d us, aggregation %d us: nr_accesses 0..%d per aggregation, age in aggregations%n",
                    m.source(), m.sampleUs(), m.aggrUs(), m.maxNrAccesses()));
            b.append(String.format(Locale.ROOT, "  %s monitored, %s accessed in the last aggregation, about %s/s%n", Sizes.human(m.totalBytes()),
                    Sizes.human(m.hotBytes()), Sizes.human(m.estimatedBandwidth())));
            b.append(String.format(Locale.ROOT, "  %-33s %10s %11s %5s %4s  %s%n", "range", "size", "nr_accesses", "age", "node", "owners"));
            for (HeatRange h : m.hottestFirst().subList(0, Math.min(top, m.hottestFirst().size()))) {
                b.append(String.format(Locale.ROOT, "  %#016x-%#016x %10s %11d %5d %4s  %s%n", h.start(), h.end(), Sizes.human(h.size()),
                        h.nrAccesses(), h.age(), h.node() < 0 ? "?" : Integer.toString(h.node()), String.join(", ", h.owners())));
            }
        }
        r.stat().ifPresent(s -> {
            b.append(String.format(Locale.ROOT, "%nDAMON_STAT: %s", s.enabled() ? "enabled" : "disabled"));
            s.estimatedBandwidth().ifPresent(bw -> b.append(", estimated bandwidth ").append(Sizes.human(bw)).append("/s"));
            List<Long> p = s.idleMsPercentiles();
            if (p.size() == 101) {
                b.append(String.format(Locale.ROOT, ", idle ms p0 %d p50 %d p90 %d p100 %d", p.get(0), p.get(50), p.get(90), p.get(100)));
            }
            b.append('\n');
        });
        if (!r.notes().isEmpty()) {
            b.append("\nNot shown:\n");
            r.notes().forEach(n -> b.append("  ").append(n).append('\n'));
        }
        return b.toString();
    }

    /** Binary sizes as people read them: 512 MiB, 4.0 KiB. */
    private static final class Sizes {
        static String human(long bytes) {
            String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
            double v = bytes;
            int u = 0;
            while (v >= 1024 && u < units.length - 1) {
                v /= 1024;
                u++;
            }
            return u == 0 ? bytes + " B" : String.format(v == Math.rint(v) ? "%.0f %s" : "%.1f %s", v, units[u]);
        }
    }
}
