package dev.daxscope.sim;

import dev.daxscope.model.Errno;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.bus.DaxBus;
import dev.daxscope.sim.device.DevDax;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.mm.MemoryFailure;
import dev.daxscope.sim.mm.MemoryManager;
import dev.daxscope.sim.mm.SimProcess;
import dev.daxscope.sim.mm.Srcu;
import dev.daxscope.sim.region.DaxRegion;
import dev.daxscope.sim.region.RegionKind;
import dev.daxscope.sim.sysfs.Sysfs;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The simulated kernel: dax regions and devices, the dax bus and its drivers, memory hot-plug,
 * processes, and the sysfs through which user space sees them.
 *
 * <p>Locking follows the kernel: one read-write lock stands for the global
 * {@code dax_region_rwsem}/{@code dax_dev_rwsem} pair (sysfs writes, bind, unbind, process
 * set-up take it for writing; snapshots and sysfs reads for reading). The fault path takes no
 * lock: it runs in an SRCU read section ({@link Srcu}) that kill and munmap wait for.
 */
public final class Kernel {
    public static final String ROOT = "root";

    private final KernelProfile profile;
    private final MemoryHotplug memory;
    private final dev.daxscope.sim.kmem.MemoryTiers tiers;
    private final TreeMap<Integer, DaxRegion> regions = new TreeMap<>();
    private final Map<String, DaxRegion> aliases = new LinkedHashMap<>();
    private final BitSet minors = new BitSet();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Srcu srcu = new Srcu();
    private final AtomicLong generation = new AtomicLong();
    private final EventRing events = new EventRing(1 << 16);
    private final TreeMap<Integer, SimProcess> processes = new TreeMap<>();
    private final DaxBus bus;
    private final MemoryManager mm;
    private final Sysfs sysfs;
    private final MemoryFailure poison;
    private final dev.daxscope.sim.mm.AnonymousMemory anon;
    private String user = ROOT;
    private int nextPid = 1000;
    private final List<String> warnings = new ArrayList<>();

    public Kernel(KernelProfile profile, MemoryHotplug memory) {
        this.profile = profile;
        this.memory = memory;
        this.tiers = new dev.daxscope.sim.kmem.MemoryTiers(profile, memory);
        this.anon = new dev.daxscope.sim.mm.AnonymousMemory(memory, tiers, this::bumpGeneration);
        this.bus = new DaxBus(this);
        this.mm = new MemoryManager(this);
        this.sysfs = new Sysfs(this);
        this.poison = new MemoryFailure(this);
    }

    public Kernel() {
        this(KernelProfile.DEFAULT, MemoryHotplug.defaults());
    }

    public KernelProfile profile() {
        return profile;
    }

    public MemoryHotplug memory() {
        return memory;
    }

    /** NUMA node performance, kmem's memory types and the tiers they form (mm/memory-tiers.c). */
    public dev.daxscope.sim.kmem.MemoryTiers tiers() {
        return tiers;
    }

    /** Processes' anonymous memory on NUMA nodes (alloc). */
    public dev.daxscope.sim.mm.AnonymousMemory anon() {
        return anon;
    }

    public ReentrantReadWriteLock lock() {
        return lock;
    }

    /**
     * lockdep_assert_held for the kernel's write lock: the table and bus mutators call it, so a
     * caller that forgot the lock fails at once instead of racing the fault path and snapshots.
     */
    public void assertWriteLocked() {
        if (!lock.isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("the caller must hold the kernel's write lock");
        }
    }

    public Srcu srcu() {
        return srcu;
    }

    public EventRing events() {
        return events;
    }

    public DaxBus bus() {
        return bus;
    }

    public MemoryManager mm() {
        return mm;
    }

    public MemoryFailure poison() {
        return poison;
    }

    public Sysfs sysfs() {
        return sysfs;
    }

    /** Bumped by every state change; the UI redraws structure only when it moves. */
    public long generation() {
        return generation.get();
    }

    public long bumpGeneration() {
        return generation.incrementAndGet();
    }

    public String user() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public boolean isRoot() {
        return ROOT.equals(user);
    }

    public TreeMap<Integer, DaxRegion> regions() {
        return regions;
    }

    public Optional<DaxRegion> regionByAlias(String alias) {
        return Optional.ofNullable(aliases.get(alias));
    }

    public TreeMap<Integer, SimProcess> processes() {
        return processes;
    }

    public List<String> warnings() {
        return warnings;
    }

    public void warn(String w) {
        synchronized (warnings) {
            warnings.add(w);
        }
    }

    public int allocateMinor() {
        assertWriteLocked();
        int m = minors.nextClearBit(0);
        minors.set(m);
        return m;
    }

    public void freeMinor(int minor) {
        assertWriteLocked();
        minors.clear(minor);
    }

    /** Every live device, regions by id, devices by id. */
    public List<DevDax> devices() {
        List<DevDax> out = new ArrayList<>();
        for (DaxRegion r : regions.values()) {
            out.addAll(r.devices().values());
        }
        return out;
    }

    public Optional<DevDax> device(String name) {
        for (DaxRegion r : regions.values()) {
            for (DevDax d : r.devices().values()) {
                if (d.name().equals(name)) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }

    /** Specification of a region as its provider would create it (scenario {@code region} line). */
    public record RegionSpec(String alias, RegionKind kind, long start, long size, long align, Integer id,
                             int targetNode, Integer numaNode, boolean idle, String parentPath) {
    }

    /**
     * Creates a region and its provider device (R2, R4, R20). Fails with ENOMEM when start or size
     * is not a multiple of align (R2), EEXIST for a taken id or alias, EBUSY for an overlap.
     */
    public Outcome createRegion(RegionSpec spec) {
        lock.writeLock().lock();
        try {
            return bus.createRegion(spec);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Adds a region to the kernel's tables; the bus calls it after validating a spec. */
    public void registerRegion(DaxRegion region) {
        assertWriteLocked();
        regions.put(region.id(), region);
        if (region.alias() != null) {
            aliases.put(region.alias(), region);
        }
    }

    /** Called by the bus when a region is torn down (R82). */
    public void unregisterRegion(DaxRegion region) {
        assertWriteLocked();
        regions.remove(region.id());
        if (region.alias() != null) {
            aliases.remove(region.alias());
        }
    }

    public SimProcess spawn(String name) {
        lock.writeLock().lock();
        try {
            SimProcess p = new SimProcess(nextPid++, name);
            processes.put(p.pid(), p);
            bumpGeneration();
            return p;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public Outcome noSuchDevice(String name) {
        return Outcome.fail(Errno.ENODEV, "R36", "no device named " + name + " on the dax bus");
    }
}
