package dev.daxscope.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where memory went after kmem: NUMA nodes, the memory tiers the kernel formed from them, the
 * tiering settings, the pages processes hold per node, and the CXL chain behind each node. Read
 * from a real machine, a capture or the simulator's sysfs; what could not be read is named in
 * {@code warnings} (each file is optional: older kernels, no HMAT, no CXL, not root).
 *
 * @param tiers     {@code /sys/devices/virtual/memory_tiering/memory_tierN}, ascending by id (the top tier first)
 * @param nodes     {@code /sys/devices/system/node/nodeN}, ascending by id
 * @param processes pages per node per mapping from {@code /proc/PID/numa_maps} (readable processes only)
 * @param cxlChains one per CXL memdev, and one per region no memdev reached
 * @param vmstat    the system-wide {@code /proc/vmstat} counters of {@link #VMSTAT_COUNTERS} (page
 *                  migration is a system-wide event: no node's vmstat has it)
 */
public record MemoryTopology(List<MemoryTier> tiers, List<NumaNode> nodes, TieringSettings settings,
                             List<ProcessNumaPages> processes, List<CxlChain> cxlChains, Map<String, Long> vmstat,
                             List<String> warnings) {

    /** The kernel's abstract distance chunk: a tier spans 2^7 of abstract distance (MEMTIER_CHUNK_BITS). */
    public static final int CHUNK_BITS = 7;
    /** MEMTIER_ADISTANCE_DRAM: 4 * 128 + 128 / 2; CPU-attached DRAM's tier is 576 >> 7 = 4. */
    public static final int ADISTANCE_DRAM = 576;
    /** dax/kmem's MEMTIER_DEFAULT_DAX_ADISTANCE (5 x DRAM) for a node without performance data: tier 22. */
    public static final int ADISTANCE_KMEM_DEFAULT = 5 * ADISTANCE_DRAM;

    public MemoryTopology {
        tiers = List.copyOf(tiers);
        nodes = List.copyOf(nodes);
        processes = List.copyOf(processes);
        cxlChains = List.copyOf(cxlChains);
        vmstat = Map.copyOf(vmstat);
        warnings = List.copyOf(warnings);
    }

    /** A topology with nothing in it, and why. */
    public static MemoryTopology unavailable(String reason) {
        return new MemoryTopology(List.of(), List.of(), new TieringSettings(null, null, Map.of()), List.of(), List.of(),
                Map.of(), List.of(reason));
    }

    public static int tierOf(int abstractDistance) {
        return abstractDistance >> CHUNK_BITS;
    }

    /** A node set as the kernel prints node masks ({@code %*pbl}): "0-2,5". */
    public static String nodeListText(java.util.Collection<Integer> ids) {
        StringBuilder out = new StringBuilder();
        Integer start = null;
        Integer prev = null;
        for (int id : new java.util.TreeSet<>(ids)) {
            if (prev != null && id == prev + 1) {
                prev = id;
                continue;
            }
            appendRange(out, start, prev);
            start = id;
            prev = id;
        }
        appendRange(out, start, prev);
        return out.toString();
    }

    private static void appendRange(StringBuilder out, Integer start, Integer end) {
        if (start != null) {
            out.append(out.isEmpty() ? "" : ",").append(start).append(start.equals(end) ? "" : "-" + end);
        }
    }

    public Optional<NumaNode> node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst();
    }

    /** The tier whose nodelist holds {@code node}, if any. */
    public Optional<MemoryTier> tierOfNode(int node) {
        return tiers.stream().filter(t -> t.nodes().contains(node)).findFirst();
    }

    /** Pages every readable process holds on {@code node}, summed over its mappings. */
    public SortedMap<Integer, Long> pagesOnNode(int node) {
        return perProcess(node, ProcessNumaPages::pagesPerNode);
    }

    /**
     * Bytes every readable process holds on {@code node}: each mapping's {@code N<node>=} pages
     * times its {@code kernelpagesize_kB} (a hugetlb mapping's pages are huge pages), summed.
     */
    public SortedMap<Integer, Long> bytesOnNode(int node) {
        return perProcess(node, ProcessNumaPages::bytesPerNode);
    }

    /** pid → what {@code perNode} gives for {@code node}, for the processes with some there. */
    private SortedMap<Integer, Long> perProcess(int node, java.util.function.Function<ProcessNumaPages, Map<Integer, Long>> perNode) {
        SortedMap<Integer, Long> out = new TreeMap<>();
        for (ProcessNumaPages p : processes) {
            long amount = perNode.apply(p).getOrDefault(node, 0L);
            if (amount > 0) {
                out.put(p.pid(), amount);
            }
        }
        return out;
    }

    /** {@code memory_tierN/nodelist}: the tier id is the start of its abstract distance chunk >> 7. */
    public record MemoryTier(int id, List<Integer> nodes) {
        public MemoryTier {
            nodes = List.copyOf(nodes);
        }

        public int abstractDistanceStart() {
            return id << CHUNK_BITS;
        }

        /** The last abstract distance of this tier's chunk. */
        public int abstractDistanceEnd() {
            return abstractDistanceStart() + (1 << CHUNK_BITS) - 1;
        }
    }

    /**
     * A NUMA node. Byte counts are -1 when the file could not be read. {@code vmstat} holds the
     * tiering counters the node's vmstat file had (see {@link #VMSTAT_COUNTERS}); a counter the
     * kernel does not have is absent. {@code distance} is the node's row of the SLIT in online-node
     * order; {@code hmat} the access classes (access0: any initiator, access1: CPU initiators).
     * {@code daxDevices} are the dev_dax devices whose target_node is this node, with their driver.
     */
    public record NumaNode(int id, boolean hasCpu, boolean hasMemory, long memTotal, long memFree, long memUsed,
                           Map<String, Long> vmstat, List<Integer> distance, List<HmatAccess> hmat,
                           List<MemorySideCache> memorySideCaches, List<NodeSource> daxDevices) {
        public NumaNode {
            vmstat = Map.copyOf(vmstat);
            distance = List.copyOf(distance);
            hmat = List.copyOf(hmat);
            memorySideCaches = List.copyOf(memorySideCaches);
            daxDevices = List.copyOf(daxDevices);
        }

        public long counter(String name) {
            return vmstat.getOrDefault(name, -1L);
        }

        public Optional<HmatAccess> access(int accessClass) {
            return hmat.stream().filter(a -> a.accessClass() == accessClass).findFirst();
        }
    }

    /**
     * The counters daxscope reads: promotion, demotion and NUMA allocation per node (nodeN/vmstat),
     * and the same names system-wide from /proc/vmstat, where page migration is counted.
     */
    public static final List<String> VMSTAT_COUNTERS = List.of("pgpromote_success", "pgpromote_candidate",
            "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged", "pgdemote_proactive", "numa_hit", "numa_miss",
            "numa_foreign", "numa_local", "numa_other", "pgmigrate_success", "pgmigrate_fail");

    /**
     * {@code nodeN/accessC/initiators/}: the initiator nodes linked there and the HMAT figures
     * (latency in nanoseconds, bandwidth in MB/s; -1 when absent).
     */
    public record HmatAccess(int accessClass, List<Integer> initiators, long readLatency, long writeLatency,
                             long readBandwidth, long writeBandwidth) {
        public HmatAccess {
            initiators = List.copyOf(initiators);
        }
    }

    /** {@code nodeN/memory_side_cache/indexL}: size in bytes, line size, indexing and write policy codes. */
    public record MemorySideCache(int level, long size, long lineSize, long indexing, long writePolicy) {
    }

    /** A dax device that feeds a node: its name, driver (kmem when it is system-ram) and CXL region, if any. */
    public record NodeSource(String device, DriverKind driver, String cxlRegion) {
    }

    /**
     * {@code /sys/kernel/mm/numa/demotion_enabled}, {@code /proc/sys/kernel/numa_balancing} (a bit
     * mask: 1 normal, 2 memory tiering) and {@code /sys/kernel/mm/mempolicy/weighted_interleave/nodeN};
     * null where the file is absent.
     */
    public record TieringSettings(Boolean demotionEnabled, Integer numaBalancing, Map<Integer, Integer> weightedInterleave) {
        public TieringSettings {
            weightedInterleave = Map.copyOf(weightedInterleave);
        }

        public boolean memoryTieringBalancing() {
            return numaBalancing != null && (numaBalancing & 2) != 0;
        }
    }

    /** One process's {@code numa_maps}: pages per node per mapping. */
    public record ProcessNumaPages(int pid, String name, List<NumaMapping> mappings) {
        public ProcessNumaPages {
            mappings = List.copyOf(mappings);
        }

        public Map<Integer, Long> pagesPerNode() {
            Map<Integer, Long> out = new TreeMap<>();
            for (NumaMapping m : mappings) {
                m.pagesPerNode().forEach((n, p) -> out.merge(n, p, Long::sum));
            }
            return out;
        }

        /** Bytes per node: pages times each mapping's page size. */
        public Map<Integer, Long> bytesPerNode() {
            Map<Integer, Long> out = new TreeMap<>();
            for (NumaMapping m : mappings) {
                m.pagesPerNode().forEach((n, p) -> out.merge(n, p * m.pageSizeKb() * 1024, Long::sum));
            }
            return out;
        }
    }

    /** A numa_maps line: start, policy, file (or ""), pages per node (N0=12) and the page size in kB. */
    public record NumaMapping(long start, String policy, String file, Map<Integer, Long> pagesPerNode, long pageSizeKb) {
        public NumaMapping {
            pagesPerNode = Map.copyOf(new TreeMap<>(pagesPerNode));
        }
    }

    /**
     * memdev → port → decoder → region → dax_region → dax device → target node → tier; null for
     * a link that could not be resolved, with the reason in {@code unresolved}.
     */
    public record CxlChain(String memdev, String port, String decoder, String region, String daxRegion,
                           String daxDevice, Integer targetNode, Integer tier, List<String> unresolved) {
        public CxlChain {
            unresolved = List.copyOf(unresolved);
        }
    }
}
