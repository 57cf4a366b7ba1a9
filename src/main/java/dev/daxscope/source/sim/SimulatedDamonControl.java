package dev.daxscope.source.sim;

import dev.daxscope.model.Outcome;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.damon.MonitorAttributes;
import dev.daxscope.sim.damon.SimDamon;
import dev.daxscope.sim.mm.SimProcess;
import dev.daxscope.source.DaxSource;
import java.util.function.Supplier;

/**
 * The window's DAMON actions on the simulated kernel: {@code monitor node=N} and a process that
 * runs {@code alloc} then {@code work} there, and a DAMON clock that follows the wall clock while
 * the window reads heat.
 */
final class SimulatedDamonControl implements DaxSource.DamonControl {
    /** The most simulated time one catch-up moves: a paused or busy window does not pay for minutes of sampling at once. */
    static final long MAX_STEP_US = 2_000_000;
    private final Supplier<Kernel> kernel;
    private long lastWallNanos = Long.MIN_VALUE;
    private int hotProcesses;

    SimulatedDamonControl(Supplier<Kernel> kernel) {
        this.kernel = kernel;
    }

    @Override
    public Outcome monitor(int node) {
        return kernel.get().monitor(node, MonitorAttributes.DEFAULTS);
    }

    @Override
    public synchronized Outcome hotProcess(int node, long bytes) {
        Kernel k = kernel.get();
        SimProcess p = k.spawn("hot" + (++hotProcesses));
        Outcome allocated = k.anon().alloc(p, bytes, node);
        if (!allocated.isOk()) {
            // No process is left behind for a workload that could not start.
            k.mm().exit(p);
            return allocated;
        }
        return k.work(p, new SimDamon.Work(0, 0, 100));
    }

    @Override
    public synchronized void keepUp(long wallNanos) {
        if (lastWallNanos == Long.MIN_VALUE) {
            lastWallNanos = wallNanos;
            return;
        }
        long us = Math.min(MAX_STEP_US, (wallNanos - lastWallNanos) / 1_000);
        if (us >= 1_000) {
            lastWallNanos = wallNanos;
            kernel.get().elapse(us);
        }
    }
}
