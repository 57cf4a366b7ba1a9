package dev.daxscope.serve;

import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MemoryTopology;
import dev.daxscope.model.MemoryTopology.NumaNode;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;

/**
 * NUMA node figures: where kmem put device-DAX memory, how much each node holds, the memory tier
 * the kernel placed it in, and the pages promoted to it and demoted from it.
 */
final class NodeMetrics {
    /** nodeN/vmstat's demotion counters by reclaimer; the node is where pages left (mm/vmscan.c counts on pgdat). */
    private static final List<String> DEMOTION_REASONS = List.of("kswapd", "direct", "khugepaged", "proactive");

    private NodeMetrics() {
    }

    static List<MetricSnapshot> of(MachineSnapshot s, MemoryTopology topology) {
        List<GaugeDataPointSnapshot> memory = new ArrayList<>();
        List<GaugeDataPointSnapshot> tier = new ArrayList<>();
        List<CounterDataPointSnapshot> promoted = new ArrayList<>();
        List<CounterDataPointSnapshot> demoted = new ArrayList<>();
        if (topology.nodes().isEmpty()) {
            // No node directory the topology reader could use: MemTotal as the snapshot has it.
            for (MachineSnapshot.NodeInfo n : s.memory().nodes()) {
                addBytes(memory, n.id(), "total", n.memTotal());
            }
        }
        for (NumaNode n : topology.nodes()) {
            String node = String.valueOf(n.id());
            // -1: the file could not be read (the read warnings say which): no sample rather than a false 0.
            addBytes(memory, n.id(), "total", n.memTotal());
            addBytes(memory, n.id(), "free", n.memFree());
            addBytes(memory, n.id(), "used", n.memUsed());
            topology.tierOfNode(n.id()).ifPresent(t -> tier.add(DaxMetrics.point(t.id(), "node", node)));
            if (n.counter("pgpromote_success") >= 0) {
                promoted.add(DaxMetrics.counterPoint(n.counter("pgpromote_success"), "node", node));
            }
            for (String reason : DEMOTION_REASONS) {
                long pages = n.counter("pgdemote_" + reason);
                if (pages >= 0) {
                    demoted.add(DaxMetrics.counterPoint(pages, "node", node, "reason", reason));
                }
            }
        }
        return List.of(
                DaxMetrics.gauge("daxscope_node_memory_bytes", Unit.BYTES,
                        "Memory of a NUMA node by state (total, free, used: nodeN/meminfo).", memory),
                DaxMetrics.gauge("daxscope_node_tier", null,
                        "The memory tier (memory_tierN) a NUMA node is in; lower tiers are faster.", tier),
                DaxMetrics.counter("daxscope_node_pages_promoted",
                        "Pages promoted to a NUMA node by memory-tiering NUMA balancing (pgpromote_success).", promoted),
                DaxMetrics.counter("daxscope_node_pages_demoted",
                        "Pages demoted from a NUMA node to a lower tier, by reclaimer (pgdemote_*).", demoted));
    }

    private static void addBytes(List<GaugeDataPointSnapshot> memory, int node, String state, long bytes) {
        if (bytes >= 0) {
            memory.add(DaxMetrics.point(bytes, "node", String.valueOf(node), "state", state));
        }
    }
}
