package dev.daxscope.serve;

import dev.daxscope.model.damon.DamonState;
import dev.daxscope.model.damon.DamonState.AddressRange;
import dev.daxscope.model.damon.HeatSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * DAMON's figures: per NUMA node, the bytes its monitors cover and found accessed in the last
 * aggregation interval and the bandwidth DAMON_STAT's formula estimates from them; DAMON_STAT's
 * own estimate and idle-time percentiles. A node no monitor covers has no sample: unmonitored
 * memory is not cold.
 */
final class DamonMetrics {
    /** The idle-time percentiles exported (of DAMON_STAT's 101). */
    private static final int[] PERCENTILES = {0, 10, 25, 50, 75, 90, 99, 100};

    private DamonMetrics() {
    }

    /** Per node, across monitors: the monitor covering most of the node counts (two monitors of one node are not added up). */
    private record NodeHeat(long monitored, long hot, long bandwidth) {
    }

    static List<MetricSnapshot> of(DamonState damon) {
        Map<Integer, NodeHeat> byNode = new TreeMap<>();
        for (HeatSnapshot s : damon.snapshots()) {
            if (!s.physical()) {
                continue;
            }
            for (Map.Entry<Integer, List<AddressRange>> node : damon.nodeMemory().entrySet()) {
                List<DamonState.Region> regions = new ArrayList<>();
                node.getValue().forEach(r -> regions.addAll(s.within(r.start(), r.end()).regions()));
                HeatSnapshot on = new HeatSnapshot(s.source(), true, s.timeNs(), s.sampleUs(), s.aggrUs(), regions);
                if (on.totalBytes() > 0 && on.totalBytes() > byNode.getOrDefault(node.getKey(), new NodeHeat(0, 0, 0)).monitored()) {
                    byNode.put(node.getKey(), new NodeHeat(on.totalBytes(), on.hotBytes(), on.estimatedBandwidth()));
                }
            }
        }
        List<GaugeDataPointSnapshot> monitored = new ArrayList<>();
        List<GaugeDataPointSnapshot> hot = new ArrayList<>();
        List<GaugeDataPointSnapshot> bandwidth = new ArrayList<>();
        byNode.forEach((node, h) -> {
            monitored.add(DaxMetrics.point(h.monitored(), "node", String.valueOf(node)));
            hot.add(DaxMetrics.point(h.hot(), "node", String.valueOf(node)));
            bandwidth.add(DaxMetrics.point(h.bandwidth(), "node", String.valueOf(node), "source", "kdamond"));
        });
        List<GaugeDataPointSnapshot> statEnabled = new ArrayList<>();
        List<GaugeDataPointSnapshot> idle = new ArrayList<>();
        damon.stat().ifPresent(stat -> {
            statEnabled.add(DaxMetrics.point(stat.enabled() ? 1 : 0));
            if (stat.enabled()) {
                stat.estimatedBandwidth().ifPresent(bw -> bandwidth.add(DaxMetrics.point(bw, "node", "", "source", "damon_stat")));
                if (stat.idleMsPercentiles().size() == 101) {
                    for (int p : PERCENTILES) {
                        idle.add(DaxMetrics.point(stat.idleMsPercentiles().get(p) / 1000.0, "percentile", String.valueOf(p)));
                    }
                }
            }
        });
        return List.of(
                DaxMetrics.gauge("daxscope_damon_monitored_bytes", Unit.BYTES,
                        "Bytes of a NUMA node a DAMON monitor covers with per-region figures (tried_regions).", monitored),
                DaxMetrics.gauge("daxscope_damon_hot_bytes", Unit.BYTES,
                        "Bytes of a NUMA node DAMON found accessed in the last aggregation interval (nr_accesses > 0).", hot),
                DaxMetrics.gauge("daxscope_damon_estimated_bandwidth_bytes_per_second", null,
                        "Memory bandwidth DAMON estimates: region size times nr_accesses per aggregation interval "
                                + "(per node from a kdamond, or machine-wide from DAMON_STAT).", bandwidth),
                DaxMetrics.gauge("daxscope_damon_stat_enabled", null,
                        "Whether DAMON_STAT runs (/sys/module/damon_stat/parameters/enabled); absent before 6.17.", statEnabled),
                DaxMetrics.gauge("daxscope_damon_stat_memory_idle_seconds", Unit.SECONDS,
                        "DAMON_STAT's memory idle-time percentiles; negative: accessed in the last aggregation.", idle));
    }
}
