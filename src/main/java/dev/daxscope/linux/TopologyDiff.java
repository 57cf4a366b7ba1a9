package dev.daxscope.linux;

import dev.daxscope.model.MemoryTopology;
import dev.daxscope.model.MemoryTopology.MemoryTier;
import dev.daxscope.model.MemoryTopology.NumaNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What changed in memory tiers, NUMA nodes and tiering settings between two snapshots. */
public final class TopologyDiff {
    private TopologyDiff() {
    }

    public static List<String> diff(MemoryTopology a, MemoryTopology b) {
        List<String> out = new ArrayList<>();
        Map<Integer, MemoryTier> ta = a.tiers().stream().collect(Collectors.toMap(MemoryTier::id, Function.identity()));
        Map<Integer, MemoryTier> tb = b.tiers().stream().collect(Collectors.toMap(MemoryTier::id, Function.identity()));
        for (int id : SnapshotDiff.union(ta.keySet(), tb.keySet())) {
            MemoryTier x = ta.get(id);
            MemoryTier y = tb.get(id);
            if (x == null || y == null) {
                MemoryTier t = x == null ? y : x;
                out.add((x == null ? "+ " : "- ") + "memory_tier" + id + " (nodes " + MemoryTopology.nodeListText(t.nodes()) + ")");
            } else if (!x.nodes().equals(y.nodes())) {
                out.add("~ memory_tier" + id + " nodes " + MemoryTopology.nodeListText(x.nodes()) + " -> "
                        + MemoryTopology.nodeListText(y.nodes()));
            }
        }
        Map<Integer, NumaNode> na = new TreeMap<>(a.nodes().stream().collect(Collectors.toMap(NumaNode::id, Function.identity())));
        Map<Integer, NumaNode> nb = new TreeMap<>(b.nodes().stream().collect(Collectors.toMap(NumaNode::id, Function.identity())));
        for (int id : SnapshotDiff.union(na.keySet(), nb.keySet())) {
            NumaNode x = na.get(id);
            NumaNode y = nb.get(id);
            if (x == null || y == null) {
                out.add((x == null ? "+ node" : "- node") + id);
                continue;
            }
            if (x.memTotal() != y.memTotal()) {
                out.add("~ node" + id + " MemTotal " + figure(x.memTotal()) + " -> " + figure(y.memTotal()));
            }
            if (x.hasMemory() != y.hasMemory()) {
                out.add("~ node" + id + (y.hasMemory() ? " gained memory" : " lost its memory"));
            }
            if (!x.hmat().equals(y.hmat())) {
                out.add("~ node" + id + " HMAT access classes changed");
            }
            for (String c : MemoryTopology.VMSTAT_COUNTERS) {
                Long from = x.vmstat().get(c);
                Long to = y.vmstat().get(c);
                if (from != null && to != null && !from.equals(to) && (c.startsWith("pgpromote") || c.startsWith("pgdemote"))) {
                    out.add("~ node" + id + " " + c + " " + from + " -> " + to);
                }
            }
        }
        if (!Objects.equals(a.settings().demotionEnabled(), b.settings().demotionEnabled())) {
            out.add("~ demotion_enabled " + a.settings().demotionEnabled() + " -> " + b.settings().demotionEnabled());
        }
        if (!Objects.equals(a.settings().numaBalancing(), b.settings().numaBalancing())) {
            out.add("~ numa_balancing " + a.settings().numaBalancing() + " -> " + b.settings().numaBalancing());
        }
        return out;
    }

    /** A figure the reader could not read is -1 in the model; a diff says so rather than print the sentinel. */
    static String figure(long value) {
        return value < 0 ? "(unreadable)" : Long.toString(value);
    }
}
