package dev.daxscope.sim.mm;

import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.PageSizes;
import dev.daxscope.sim.kmem.MemoryBlock;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.kmem.MemoryTiers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Anonymous memory processes faulted in under a bind policy ({@code numactl --membind=N}, i.e.
 * {@code mbind(MPOL_BIND)} then touching every page): the pages each node holds, for its
 * {@code meminfo} and each process's {@code /proc/PID/numa_maps}. Device-DAX mappings are not
 * here: their pages are ZONE_DEVICE, which numa_maps never counts (can_gather_numa_stats).
 *
 * <p>A fork child shares its parent's pages (copy-on-write: numa_maps shows them in both, with
 * mapmax=2); pages are freed when the last process holding them exits. Offlining a block moves
 * the pages that no longer fit on its node to another node with memory, as offline_pages
 * migrates them (the policy stays bind).
 */
public final class AnonymousMemory {
    /** Anonymous memory is mapped with base pages here (kernelpagesize_kB=4): no THP is modelled. */
    public static final long PAGE = PageSizes.PAGE_SIZE;

    /** One allocation: where it is mapped and how many pages each node holds. Shared by identity after fork. */
    private static final class Allocation {
        final long start;
        final int policyNode;
        /** Allocation order across all processes: physical pages are laid out in it. */
        final long sequence;
        final TreeMap<Integer, Long> pagesPerNode = new TreeMap<>();

        Allocation(long start, int policyNode, long pages, long sequence) {
            this.start = start;
            this.policyNode = policyNode;
            this.sequence = sequence;
            pagesPerNode.put(policyNode, pages);
        }
    }

    /**
     * Physically contiguous pages of one allocation: {@code bytes} at {@code physStart} on
     * {@code node}, holding the allocation's bytes from {@code offset} on; {@code pids} are the
     * processes that map it (several after fork), {@code virtualStart} where they map it.
     */
    public record PhysicalExtent(List<Integer> pids, long virtualStart, long offset, long physStart, long bytes, int node) {
    }

    private final MemoryHotplug memory;
    private final MemoryTiers tiers;
    private final Runnable changed;
    private final Map<Integer, List<Allocation>> byPid = new TreeMap<>();
    private long allocations;

    /** {@code changed} is told of every allocation (the kernel's generation moves). */
    public AnonymousMemory(MemoryHotplug memory, MemoryTiers tiers, Runnable changed) {
        this.memory = memory;
        this.tiers = tiers;
        this.changed = changed;
    }

    /**
     * {@code len} bytes (rounded up to pages) of anonymous memory bound to {@code node}, all
     * faulted in. EINVAL when the node has no memory (set_mempolicy/mbind refuse a node mask with
     * no N_MEMORY node) or {@code len} is 0 (mmap); ENOMEM when the node has not that much free
     * (the kernel would run the OOM killer, constrained to the policy's nodes: documented).
     */
    public synchronized Outcome alloc(SimProcess p, long len, int node) {
        if (!p.alive()) {
            return Outcome.fail(Errno.ESRCH, "", "process " + p.name() + " has exited");
        }
        if (len <= 0) {
            return Outcome.fail(Errno.EINVAL, "", "mmap of 0 bytes");
        }
        if (!tiers.nodesWithMemory().contains(node)) {
            return Outcome.fail(Errno.EINVAL, "", "mbind(MPOL_BIND): node " + node + " has no memory (offline or absent)");
        }
        long pages = Long.divideUnsigned(len + PAGE - 1, PAGE);
        long free = free(node);
        if (pages > free / PAGE) {
            return Outcome.fail(Errno.ENOMEM, "", "node " + node + " has " + free / 1024 + " kB free, " + pages * 4
                    + " kB asked (the kernel would OOM-kill a task on the node)");
        }
        long start;
        synchronized (p.mmapLock()) {
            start = p.allocateAddressSpace(pages * PAGE);
            if (start == SimProcess.NO_ROOM) {
                return Outcome.fail(Errno.ENOMEM, "", "no room for " + pages * 4 + " kB in the address space");
            }
            p.reserveAddressSpace(start, pages * PAGE);
        }
        byPid.computeIfAbsent(p.pid(), k -> new ArrayList<>()).add(new Allocation(start, node, pages, allocations++));
        changed.run();
        return Outcome.ok();
    }

    /** Bytes of {@code node}'s online memory that anonymous pages use. */
    public synchronized long usedBytes(int node) {
        long pages = 0;
        for (Allocation a : distinct()) {
            pages += a.pagesPerNode.getOrDefault(node, 0L);
        }
        return pages * PAGE;
    }

    private long free(int node) {
        return memory.onlineBytes(node) - usedBytes(node);
    }

    /** Every allocation once, in pid then address order (shared ones are held by several pids). */
    private List<Allocation> distinct() {
        Set<Allocation> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Allocation> out = new ArrayList<>();
        byPid.values().forEach(l -> l.stream().filter(seen::add).forEach(out::add));
        return out;
    }

    /**
     * What {@code p} allocated, in address order: the bound node, the pages in all and whether
     * another process holds the same pages (a fork child), for a script that rebuilds the machine.
     */
    public synchronized List<Bound> allocations(SimProcess p) {
        List<Bound> out = new ArrayList<>();
        for (Allocation a : byPid.getOrDefault(p.pid(), List.of())) {
            long pages = a.pagesPerNode.values().stream().mapToLong(Long::longValue).sum();
            boolean shared = byPid.entrySet().stream().anyMatch(e -> e.getKey() != p.pid() && e.getValue().contains(a));
            out.add(new Bound(a.policyNode, pages * PAGE, shared, new TreeMap<>(a.pagesPerNode)));
        }
        return out;
    }

    /**
     * Where every allocation's pages are in physical memory. The simulator keeps no page frames:
     * each node's anonymous pages are packed from the node's lowest online address up, in
     * allocation order, block by block (so freeing one allocation moves the later ones down, as
     * if compacted; documented).
     */
    public synchronized List<PhysicalExtent> physicalExtents() {
        Map<Integer, java.util.ArrayDeque<long[]>> free = new TreeMap<>();
        for (MemoryBlock b : memory.blocks().values()) {
            if (b.online()) {
                java.util.ArrayDeque<long[]> runs = free.computeIfAbsent(b.node(), k -> new java.util.ArrayDeque<>());
                long start = b.index() * memory.blockSize();
                if (!runs.isEmpty() && runs.peekLast()[1] == start) {
                    runs.peekLast()[1] = start + memory.blockSize();
                } else {
                    runs.addLast(new long[] {start, start + memory.blockSize()});
                }
            }
        }
        List<PhysicalExtent> out = new ArrayList<>();
        for (Allocation a : distinct().stream().sorted(java.util.Comparator.comparingLong(x -> x.sequence)).toList()) {
            List<Integer> pids = byPid.entrySet().stream().filter(e -> e.getValue().contains(a)).map(Map.Entry::getKey).toList();
            long offset = 0;
            for (Map.Entry<Integer, Long> e : a.pagesPerNode.entrySet()) {
                long left = e.getValue() * PAGE;
                java.util.ArrayDeque<long[]> runs = free.getOrDefault(e.getKey(), new java.util.ArrayDeque<>());
                while (left > 0 && !runs.isEmpty()) {
                    long[] run = runs.peekFirst();
                    long take = Math.min(left, run[1] - run[0]);
                    out.add(new PhysicalExtent(pids, a.start, offset, run[0], take, e.getKey()));
                    run[0] += take;
                    offset += take;
                    left -= take;
                    if (run[0] == run[1]) {
                        runs.pollFirst();
                    }
                }
            }
        }
        return out;
    }

    /** One allocation as {@link #allocations} tells it: {@code pagesPerNode} differs from the bound node after a migration. */
    public record Bound(int node, long bytes, boolean shared, java.util.SortedMap<Integer, Long> pagesPerNode) {
    }

    /** The child shares the parent's pages (copy-on-write). */
    public synchronized void forked(SimProcess parent, SimProcess child) {
        List<Allocation> shared = byPid.get(parent.pid());
        if (shared != null) {
            byPid.put(child.pid(), new ArrayList<>(shared));
        }
    }

    /** The process's pages are unmapped; pages no other process holds are freed. */
    public synchronized void exited(SimProcess p) {
        byPid.remove(p.pid());
    }

    /**
     * A block of {@code node} goes offline: the pages beyond what stays online there move to other
     * nodes with room, in node order (offline_pages migrates to any node but the one going away).
     * EBUSY, and nothing moves, when the other nodes have not room for them (the kernel would keep
     * retrying the migration until interrupted).
     */
    public synchronized Outcome migrateForOffline(int node) {
        long excess = usedBytes(node) / PAGE - (memory.onlineBytes(node) - memory.blockSize()) / PAGE;
        if (excess <= 0) {
            return Outcome.ok();
        }
        TreeMap<Integer, Long> room = new TreeMap<>();
        for (int n : tiers.nodesWithMemory()) {
            if (n != node && free(n) >= PAGE) {
                room.put(n, free(n) / PAGE);
            }
        }
        if (room.values().stream().mapToLong(Long::longValue).sum() < excess) {
            return Outcome.fail(Errno.EBUSY, "", excess + " anonymous pages on node " + node
                    + " cannot be migrated: the other nodes have not room for them");
        }
        for (Allocation a : distinct()) {
            while (excess > 0 && a.pagesPerNode.getOrDefault(node, 0L) > 0) {
                Map.Entry<Integer, Long> target = room.firstEntry();
                long moved = Math.min(Math.min(excess, target.getValue()), a.pagesPerNode.get(node));
                a.pagesPerNode.merge(node, -moved, Long::sum);
                a.pagesPerNode.remove(node, 0L);
                a.pagesPerNode.merge(target.getKey(), moved, Long::sum);
                excess -= moved;
                if (target.getValue() == moved) {
                    room.pollFirstEntry();
                } else {
                    room.put(target.getKey(), target.getValue() - moved);
                }
            }
        }
        return Outcome.ok();
    }

    /**
     * {@code /proc/PID/numa_maps} as show_numa_map prints it: device-DAX mappings with their policy
     * and file only (ZONE_DEVICE pages are not counted, so no page fields at all), anonymous
     * allocations with anon, dirty, mapmax when shared, active=0 (new anonymous pages start
     * inactive), N&lt;node&gt;= and the page size.
     */
    public synchronized String numaMaps(SimProcess p) {
        TreeMap<Long, String> lines = new TreeMap<>();
        for (Vma v : p.vmas()) {
            lines.put(v.start(), String.format(Locale.ROOT, "%08x default file=/dev/%s", v.start(), v.file().device().name()));
        }
        for (Allocation a : byPid.getOrDefault(p.pid(), List.of())) {
            long pages = a.pagesPerNode.values().stream().mapToLong(Long::longValue).sum();
            long holders = byPid.values().stream().filter(l -> l.stream().anyMatch(x -> x == a)).count();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%08x bind:%d anon=%d dirty=%d", a.start, a.policyNode, pages, pages));
            if (holders > 1) {
                line.append(" mapmax=").append(holders);
            }
            line.append(" active=0");
            a.pagesPerNode.forEach((n, count) -> line.append(" N").append(n).append('=').append(count));
            lines.put(a.start, line.append(" kernelpagesize_kB=").append(PAGE / 1024).toString());
        }
        StringBuilder out = new StringBuilder();
        lines.values().forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }
}
