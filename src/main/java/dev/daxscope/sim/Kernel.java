package dev.daxscope.sim;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.dax.DaxRegion;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.damon.SimDamon;
import dev.daxscope.sim.dax.RegionSpec;
import dev.daxscope.sim.drivers.DaxBus;
import dev.daxscope.sim.drivers.DaxDriver;
import dev.daxscope.sim.drivers.DeviceAttributes;
import dev.daxscope.sim.drivers.DeviceDaxDriver;
import dev.daxscope.sim.drivers.FsdevDaxDriver;
import dev.daxscope.sim.drivers.KmemDriver;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.kmem.MemoryTiers;
import dev.daxscope.sim.lib.EventRing;
import dev.daxscope.sim.mm.MemoryFailure;
import dev.daxscope.sim.mm.MemoryManager;
import dev.daxscope.sim.mm.ProcessTable;
import dev.daxscope.sim.mm.SimProcess;
import dev.daxscope.sim.mm.Unmap;
import dev.daxscope.sim.state.KernelState;
import dev.daxscope.sim.sysfs.Sysfs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The simulated kernel, as its users see it: dax regions and devices, the dax bus and its
 * drivers, memory hot-plug, processes, and the sysfs through which user space sees them.
 *
 * <p>A facade: it wires the subsystems, each of which gets the shared {@link KernelState} and
 * the few others it calls, never this class; its mutators take the kernel's write lock.
 */
public final class Kernel {
    public static final String ROOT = KernelState.ROOT;

    private final KernelState state;
    private final ProcessTable processes;
    private final DaxBus bus;
    private final DeviceAttributes deviceAttributes;
    private final MemoryManager mm;
    private final MemoryFailure poison;
    private final Sysfs sysfs;
    private final SimDamon damon;

    public Kernel(KernelProfile profile, MemoryHotplug memory) {
        this.state = new KernelState(profile, memory);
        this.processes = new ProcessTable(state);
        Unmap unmap = new Unmap(state, processes);
        DeviceDaxDriver deviceDax = new DeviceDaxDriver(state, unmap);
        List<DaxDriver> drivers = new ArrayList<>(List.of(deviceDax, new KmemDriver(state)));
        if (profile.hasFsdevDax()) {
            drivers.add(new FsdevDaxDriver(state, unmap));
        }
        this.bus = new DaxBus(state, drivers);
        this.deviceAttributes = new DeviceAttributes(state);
        this.poison = new MemoryFailure(state, processes, unmap);
        this.mm = new MemoryManager(state, processes, unmap, poison, deviceDax);
        this.damon = new SimDamon(profile, state.memory(), processes.anon());
        this.damon.boot();
        this.sysfs = new Sysfs(state, bus, deviceAttributes, poison, processes, damon);
    }

    public Kernel() {
        this(KernelProfile.DEFAULT, MemoryHotplug.defaults());
    }

    /** What the subsystems share: tables, lock, SRCU, events. */
    public KernelState state() {
        return state;
    }

    public KernelProfile profile() {
        return state.profile();
    }

    public MemoryHotplug memory() {
        return state.memory();
    }

    /** NUMA node performance, kmem's memory types and the tiers they form (mm/memory-tiers.c). */
    public MemoryTiers tiers() {
        return state.tiers();
    }

    /** Processes' anonymous memory on NUMA nodes (alloc). */
    public dev.daxscope.sim.mm.AnonymousMemory anon() {
        return processes.anon();
    }

    /** DAMON: the monitors, DAMON_STAT and the simulated clock that drives them. */
    public SimDamon damon() {
        return damon;
    }

    public ReentrantReadWriteLock lock() {
        return state.lock();
    }

    public EventRing events() {
        return state.events();
    }

    public DaxBus bus() {
        return bus;
    }

    /** The device stores: size, align, mapping, memmap_on_memory. */
    public DeviceAttributes deviceAttributes() {
        return deviceAttributes;
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
        return state.generation();
    }

    public long bumpGeneration() {
        return state.bumpGeneration();
    }

    public void setUser(String user) {
        state.setUser(user);
    }

    public boolean isRoot() {
        return state.isRoot();
    }

    public TreeMap<Integer, DaxRegion> regions() {
        return state.regions();
    }

    public Optional<DaxRegion> regionByAlias(String alias) {
        return state.regionByAlias(alias);
    }

    public java.util.NavigableMap<Integer, SimProcess> processes() {
        return processes.byPid();
    }

    public List<String> warnings() {
        return state.warnings();
    }

    public void warn(String w) {
        state.warn(w);
    }

    /** Every live device, regions by id, devices by id. */
    public List<DevDax> devices() {
        return state.devices();
    }

    public Optional<DevDax> device(String name) {
        return state.device(name);
    }

    /**
     * Creates a region and its provider device (R2, R4, R20). Fails with ENOMEM when start or size
     * is not a multiple of align (R2), EEXIST for a taken id or alias, EBUSY for an overlap.
     */
    public Outcome createRegion(RegionSpec spec) {
        state.lock().writeLock().lock();
        try {
            return bus.createRegion(spec);
        } finally {
            state.lock().writeLock().unlock();
        }
    }

    /** Starts a DAMON monitor over {@code node}'s online memory; takes the write lock. */
    public Outcome monitor(int node, dev.daxscope.sim.damon.MonitorAttributes attrs) {
        return locked(() -> damon.monitor(node, attrs));
    }

    /** {@code P work}: what part of its anonymous memory the process keeps accessing; takes the write lock. */
    public Outcome work(SimProcess p, SimDamon.Work work) {
        return locked(() -> damon.work(p, work));
    }

    /**
     * Simulated time passes for DAMON (the monitors sample and aggregate); takes the write lock.
     * The generation stays: DAMON's figures are counters, not the machine's structure, and the
     * window would otherwise rebuild every view each time its heat clock moves.
     */
    public void elapse(long us) {
        state.lock().writeLock().lock();
        try {
            damon.elapse(us);
        } finally {
            state.lock().writeLock().unlock();
        }
    }

    private Outcome locked(java.util.function.Supplier<Outcome> change) {
        state.lock().writeLock().lock();
        try {
            Outcome o = change.get();
            state.bumpGeneration();
            return o;
        } finally {
            state.lock().writeLock().unlock();
        }
    }

    /** A new process; takes the write lock. */
    public SimProcess spawn(String name) {
        return processes.spawn(name);
    }
}
