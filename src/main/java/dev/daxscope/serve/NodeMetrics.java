package dev.daxscope.serve;

import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MachineSnapshot.NodeInfo;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;

/** NUMA node figures of a snapshot: where kmem put device-DAX memory and how much each node holds. */
final class NodeMetrics {
    private NodeMetrics() {
    }

    static List<MetricSnapshot> of(MachineSnapshot s) {
        List<GaugeDataPointSnapshot> memory = new ArrayList<>();
        for (NodeInfo n : s.memory().nodes()) {
            // -1: nodeN/meminfo could not be read (the reader's warning says which); no sample rather than a false 0.
            if (n.memTotal() >= 0) {
                memory.add(DaxMetrics.point(n.memTotal(), "node", String.valueOf(n.id()), "state", "total"));
            }
        }
        return List.of(DaxMetrics.gauge("daxscope_node_memory_bytes", Unit.BYTES,
                "Memory of a NUMA node by state (total: MemTotal of nodeN/meminfo).", memory));
    }
}
