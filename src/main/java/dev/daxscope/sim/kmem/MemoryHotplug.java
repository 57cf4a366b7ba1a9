package dev.daxscope.sim.kmem;

import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Memory hot-plug as kmem sees it (R84-R88): the block size, the auto-online policy, boot RAM
 * and the memory blocks that kmem adds and removes.
 */
public final class MemoryHotplug {
    public static final long DEFAULT_BLOCK = 128L << 20;
    public static final long DEFAULT_RAM = 4L << 30;
    private static final long FOUR_G = 4L << 30;

    private final long blockSize;
    private String autoOnline;
    private final long bootRam;
    private final int initialNodes;
    private final TreeSet<Integer> nodesWithMemory = new TreeSet<>();
    private final TreeMap<Long, MemoryBlock> blocks = new TreeMap<>();

    public MemoryHotplug(long blockSize, String autoOnline, int nodes, long bootRam) {
        this.blockSize = blockSize;
        this.autoOnline = autoOnline;
        this.bootRam = bootRam;
        this.initialNodes = nodes;
        for (int n = 0; n < nodes; n++) {
            nodesWithMemory.add(n);
        }
        for (long i = 0; i < bootRam / blockSize; i++) {
            MemoryBlock b = new MemoryBlock(i, 0, null);
            b.setOnline(true, (i + 1) * blockSize <= FOUR_G ? "DMA32" : "Normal");
            blocks.put(i, b);
        }
    }

    public static MemoryHotplug defaults() {
        return new MemoryHotplug(DEFAULT_BLOCK, "offline", 1, DEFAULT_RAM);
    }

    public long blockSize() {
        return blockSize;
    }

    public String autoOnline() {
        return autoOnline;
    }

    public static boolean validPolicy(String policy) {
        return switch (policy) {
            case "offline", "online", "online_movable", "online_kernel" -> true;
            default -> false;
        };
    }

    public void setAutoOnline(String policy) {
        this.autoOnline = policy;
    }

    /** NUMA nodes that had memory at boot ({@code memory nodes=}). */
    public int initialNodes() {
        return initialNodes;
    }

    public long bootRam() {
        return bootRam;
    }

    /** Bytes of {@code node}'s memory blocks that are online (its MemTotal). */
    public long onlineBytes(int node) {
        return blocks.values().stream().filter(b -> b.node() == node && b.online()).count() * blockSize;
    }

    public TreeSet<Integer> nodesWithMemory() {
        return nodesWithMemory;
    }

    public Map<Long, MemoryBlock> blocks() {
        return blocks;
    }

    public boolean overlapsBootRam(long start, long end) {
        return start < bootRam && end >= 0;
    }

    /** R86/R87: creates the blocks of {@code [start, end]} on {@code node}, onlined per policy. */
    public List<MemoryBlock> addMemory(long start, long end, int node, String owner) {
        List<MemoryBlock> added = new ArrayList<>();
        for (long i = start / blockSize; i <= end / blockSize; i++) {
            MemoryBlock b = new MemoryBlock(i, node, owner);
            blocks.put(i, b);
            added.add(b);
            if (!autoOnline.equals("offline")) {
                online(b, autoOnline);
            }
        }
        return added;
    }

    /** Online a block; {@code how} is online, online_movable or online_kernel. */
    public void online(MemoryBlock b, String how) {
        b.setOnline(true, how.equals("online_movable") ? "Movable" : "Normal");
        nodesWithMemory.add(b.node());
    }

    public boolean anyOnline(long start, long end) {
        for (long i = start / blockSize; i <= end / blockSize; i++) {
            MemoryBlock b = blocks.get(i);
            if (b != null && b.online()) {
                return true;
            }
        }
        return false;
    }

    /** R88: removing fails with EBUSY when any block of the range is online. */
    public Outcome removeMemory(long start, long end) {
        if (anyOnline(start, end)) {
            return Outcome.fail(Errno.EBUSY, "R88", "a memory block of this range is still online");
        }
        TreeSet<Integer> touched = new TreeSet<>();
        for (long i = start / blockSize; i <= end / blockSize; i++) {
            MemoryBlock removed = blocks.remove(i);
            if (removed != null) {
                touched.add(removed.node());
            }
        }
        touched.forEach(this::tryOfflineNode);
        return Outcome.ok();
    }

    /**
     * try_offline_node(): a node left with no memory block and no CPU goes offline and its
     * nodeN directory goes away; the boot nodes (with CPUs) stay.
     */
    private void tryOfflineNode(int node) {
        if (node >= initialNodes && blocks.values().stream().noneMatch(b -> b.node() == node)) {
            nodesWithMemory.remove(node);
        }
    }

    /** {@code valid_zones}: the block's zone when online, else the zones it could go to. */
    public String validZones(MemoryBlock b) {
        return b.online() ? b.zone() : "Normal Movable";
    }
}
