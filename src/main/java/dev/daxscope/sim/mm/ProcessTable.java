package dev.daxscope.sim.mm;

import dev.daxscope.sim.state.KernelState;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The simulated tasks by pid: mm's own table (the bus and drivers never see processes). Tasks
 * are added under the kernel's write lock, but the table is read from everywhere (the stats
 * sampler, the window, workloads forking on worker threads), so it is a concurrent map:
 * walking it while a fork adds a task never throws.
 */
public final class ProcessTable {
    private final KernelState state;
    private final ConcurrentSkipListMap<Integer, SimProcess> processes = new ConcurrentSkipListMap<>();
    private int nextPid = 1000;
    private final AnonymousMemory anon;

    public ProcessTable(KernelState state) {
        this.state = state;
        this.anon = new AnonymousMemory(state.memory(), state.tiers(), state::bumpGeneration);
    }

    /** The tasks' anonymous memory on NUMA nodes (alloc). */
    public AnonymousMemory anon() {
        return anon;
    }

    public NavigableMap<Integer, SimProcess> byPid() {
        return processes;
    }

    /** A new task; takes the kernel's write lock, as the tables' other mutators do. */
    public SimProcess spawn(String name) {
        state.lock().writeLock().lock();
        try {
            SimProcess p = new SimProcess(nextPid++, name);
            processes.put(p.pid(), p);
            state.bumpGeneration();
            return p;
        } finally {
            state.lock().writeLock().unlock();
        }
    }

    /**
     * Removes an exited task, as its parent's wait does: a workload's processes leave no rows
     * behind once it ends. A live task is refused, since its memory is still mapped.
     */
    public void reap(SimProcess p) {
        if (p.alive()) {
            throw new IllegalStateException("pid " + p.pid() + " is alive; only an exited task is reaped");
        }
        state.lock().writeLock().lock();
        try {
            processes.remove(p.pid(), p);
            state.bumpGeneration();
        } finally {
            state.lock().writeLock().unlock();
        }
    }
}
