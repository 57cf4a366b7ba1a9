package dev.daxscope.sim.state;

import dev.daxscope.model.Errno;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.dax.DaxRegion;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.kmem.MemoryTiers;
import dev.daxscope.sim.lib.EventRing;
import dev.daxscope.sim.lib.Srcu;
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
 * What the simulator's subsystems share, and nothing that calls back into them: the kernel
 * profile, hot-pluggable memory and tiers, the region table, device minors, the lock, SRCU, the
 * event ring, the generation counter, the current user and warnings. The bus, the drivers, mm and
 * sysfs each receive this instead of the {@code Kernel} facade, so no subsystem reaches another
 * through it.
 *
 * <p>Locking follows the kernel: one read-write lock stands for the global
 * {@code dax_region_rwsem}/{@code dax_dev_rwsem} pair (sysfs writes, bind, unbind, process
 * set-up take it for writing; snapshots and sysfs reads for reading). The fault path takes no
 * lock: it runs in an SRCU read section ({@link Srcu}) that kill and munmap wait for.
 */
public final class KernelState {
    public static final String ROOT = "root";

    private final KernelProfile profile;
    private final MemoryHotplug memory;
    private final MemoryTiers tiers;
    private final TreeMap<Integer, DaxRegion> regions = new TreeMap<>();
    private final Map<String, DaxRegion> aliases = new LinkedHashMap<>();
    private final BitSet minors = new BitSet();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Srcu srcu = new Srcu();
    private final AtomicLong generation = new AtomicLong();
    private final EventRing events = new EventRing(1 << 16);
    private final List<String> warnings = new ArrayList<>();
    private String user = ROOT;

    public KernelState(KernelProfile profile, MemoryHotplug memory) {
        this.profile = profile;
        this.memory = memory;
        this.tiers = new MemoryTiers(profile, memory);
    }

    public KernelProfile profile() {
        return profile;
    }

    public MemoryHotplug memory() {
        return memory;
    }

    /** NUMA node performance, kmem's memory types and the tiers they form (mm/memory-tiers.c). */
    public MemoryTiers tiers() {
        return tiers;
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

    public List<String> warnings() {
        return warnings;
    }

    public void warn(String w) {
        synchronized (warnings) {
            warnings.add(w);
        }
    }

    /** Device minors, as the dax class's IDA hands them out; bus.c holds dax_dev_rwsem here. */
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

    /** Adds a region to the tables; the bus calls it after validating a spec. */
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

    public Outcome noSuchDevice(String name) {
        return Outcome.fail(Errno.ENODEV, "R36", "no device named " + name + " on the dax bus");
    }
}
