package dev.daxscope.sim.mm;

import dev.daxscope.sim.state.KernelState;
import java.util.TreeMap;

/** The simulated tasks by pid: mm's own table (the bus and drivers never see processes). */
public final class ProcessTable {
    private final KernelState state;
    private final TreeMap<Integer, SimProcess> processes = new TreeMap<>();
    private int nextPid = 1000;

    public ProcessTable(KernelState state) {
        this.state = state;
    }

    public TreeMap<Integer, SimProcess> byPid() {
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
}
