package dev.daxscope.sim.kmem;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.MemoryTopology;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Memory tiers as mm/memory-tiers.c forms them. Every node with memory has a memory type with an
 * abstract distance; its tier is that distance >> 7. Boot nodes (those with CPUs) are default
 * DRAM (576: tier 4). dax/kmem gives the node it onlines memory on its own type the first time a
 * device is bound there (init_node_memory_type; a node that already has a type keeps it): on
 * 6.1 always MEMTIER_DEFAULT_DAX_ADISTANCE (2880: tier 22); since 6.7 the distance the HMAT
 * algorithm computes when the node and the CPU nodes have performance figures
 * ({@code mt_perf_to_adistance}), else that default. The type is dropped when the last device on
 * the node is unbound with all its memory removed; memory that could not be removed keeps it
 * (dev_dax_kmem_remove), as the kernel does until the next reboot.
 */
public final class MemoryTiers {
    private static final long U32 = 0xffff_ffffL;

    /** HMAT-like figures of a node as initiators with CPUs see it (access class 1): ns and MB/s. */
    public record NodePerformance(long readLatency, long writeLatency, long readBandwidth, long writeBandwidth) {
    }

    private record MemoryType(int abstractDistance, int devices) {
    }

    private final KernelProfile profile;
    private final MemoryHotplug memory;
    private final TreeMap<Integer, NodePerformance> performance = new TreeMap<>();
    private final TreeMap<Integer, MemoryType> kmemTypes = new TreeMap<>();
    private final TreeMap<Integer, Integer> interleaveWeights = new TreeMap<>();
    private boolean demotionEnabled;
    private int numaBalancing;

    public MemoryTiers(KernelProfile profile, MemoryHotplug memory) {
        this.profile = profile;
        this.memory = memory;
    }

    public void setPerformance(int node, NodePerformance perf) {
        performance.put(node, perf);
    }

    public Optional<NodePerformance> performance(int node) {
        return Optional.ofNullable(performance.get(node));
    }

    public SortedMap<Integer, NodePerformance> performances() {
        return java.util.Collections.unmodifiableSortedMap(performance);
    }

    /** Whether {@code node} has CPUs: the boot nodes ({@code memory nodes=}). */
    public boolean hasCpu(int node) {
        return node >= 0 && node < memory.initialNodes();
    }

    /** kmem bound a device whose target node is {@code node} (before onlining its memory). */
    public void kmemBound(int node) {
        if (hasCpu(node)) {
            return;
        }
        MemoryType t = kmemTypes.get(node);
        kmemTypes.put(node, t == null ? new MemoryType(kmemAbstractDistance(node), 1) : new MemoryType(t.abstractDistance(), t.devices() + 1));
    }

    /** kmem released a device on {@code node}; {@code allRemoved} false when some of its memory stayed. */
    public void kmemUnbound(int node, boolean allRemoved) {
        MemoryType t = kmemTypes.get(node);
        if (t == null || !allRemoved) {
            return;
        }
        if (t.devices() <= 1) {
            kmemTypes.remove(node);
        } else {
            kmemTypes.put(node, new MemoryType(t.abstractDistance(), t.devices() - 1));
        }
    }

    /** The node's abstract distance: its kmem type's, else default DRAM's. */
    public int abstractDistance(int node) {
        MemoryType t = kmemTypes.get(node);
        return t == null ? MemoryTopology.ADISTANCE_DRAM : t.abstractDistance();
    }

    /** What kmem's probe computes for {@code node} (mt_calc_adistance, falling back to 5 x DRAM). */
    int kmemAbstractDistance(int node) {
        if (profile == KernelProfile.V6_1) {
            return MemoryTopology.ADISTANCE_KMEM_DEFAULT;
        }
        NodePerformance perf = performance.get(node);
        Optional<NodePerformance> dram = dramReference();
        if (perf == null || dram.isEmpty() || perf.readLatency() + perf.writeLatency() == 0
                || perf.readBandwidth() + perf.writeBandwidth() == 0) {
            return MemoryTopology.ADISTANCE_KMEM_DEFAULT;
        }
        return perfToAbstractDistance(perf, dram.get());
    }

    /**
     * mt_perf_to_adistance: DRAM's 576 scaled by latency (read + write) over DRAM's and by DRAM's
     * bandwidth over the node's, in the kernel's order and unsigned 32-bit arithmetic.
     */
    public static int perfToAbstractDistance(NodePerformance perf, NodePerformance dram) {
        long v = (MemoryTopology.ADISTANCE_DRAM * ((perf.readLatency() + perf.writeLatency()) & U32)) & U32;
        v = v / ((dram.readLatency() + dram.writeLatency()) & U32);
        v = (v * ((dram.readBandwidth() + dram.writeBandwidth()) & U32)) & U32;
        v = v / ((perf.readBandwidth() + perf.writeBandwidth()) & U32);
        return (int) v;
    }

    /**
     * The default DRAM performance (mt_set_default_dram_perf): the first CPU node with figures;
     * none when no CPU node has them, or when another CPU node differs by more than 10% in any
     * figure (the kernel then disables the performance-based algorithm).
     */
    Optional<NodePerformance> dramReference() {
        NodePerformance ref = null;
        for (Map.Entry<Integer, NodePerformance> e : performance.entrySet()) {
            if (!hasCpu(e.getKey())) {
                continue;
            }
            NodePerformance p = e.getValue();
            if (p.readLatency() + p.writeLatency() == 0 || p.readBandwidth() + p.writeBandwidth() == 0) {
                continue;
            }
            if (ref == null) {
                ref = p;
            } else if (off(p.readLatency(), ref.readLatency()) || off(p.writeLatency(), ref.writeLatency())
                    || off(p.readBandwidth(), ref.readBandwidth()) || off(p.writeBandwidth(), ref.writeBandwidth())) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(ref);
    }

    private static boolean off(long value, long reference) {
        return Math.abs(value - reference) * 10 > reference;
    }

    /** Nodes with memory (N_MEMORY): the boot nodes and every node with an online block. */
    public TreeSet<Integer> nodesWithMemory() {
        TreeSet<Integer> out = new TreeSet<>();
        for (int n = 0; n < memory.initialNodes(); n++) {
            out.add(n);
        }
        memory.blocks().values().stream().filter(MemoryBlock::online).forEach(b -> out.add(b.node()));
        return out;
    }

    /** The tiers now: tier id → its nodes, ascending (the top tier first). */
    public SortedMap<Integer, List<Integer>> tiers() {
        TreeMap<Integer, List<Integer>> out = new TreeMap<>();
        for (int node : nodesWithMemory()) {
            out.computeIfAbsent(MemoryTopology.tierOf(abstractDistance(node)), k -> new java.util.ArrayList<>()).add(node);
        }
        return out;
    }

    public boolean demotionEnabled() {
        return demotionEnabled;
    }

    public void setDemotionEnabled(boolean enabled) {
        this.demotionEnabled = enabled;
    }

    /** {@code /proc/sys/kernel/numa_balancing}: 0 off, 1 normal, 2 memory tiering, 3 both. */
    public int numaBalancing() {
        return numaBalancing;
    }

    public void setNumaBalancing(int mode) {
        this.numaBalancing = mode;
    }

    /** {@code weighted_interleave/nodeN}: 1 until set. */
    public int interleaveWeight(int node) {
        return interleaveWeights.getOrDefault(node, 1);
    }

    public void setInterleaveWeight(int node, int weight) {
        interleaveWeights.put(node, weight);
    }
}
