package dev.daxscope.bench;

import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.mm.MemoryManager;
import dev.daxscope.sim.mm.SimProcess;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fault-path scaling: 1 and 2 worker threads faulting disjoint 4K pages of one device (each
 * thread its own process and half of the device), and 2 threads faulting and zapping the same
 * 2M folio through their own mappings (contended folio counters). Scores are totals over threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScalingBench {
    static final int BATCH = 1 << 17;
    static final long HALF = 1L << 30;

    /** One device shared by all threads. */
    @State(Scope.Benchmark)
    public static class Machine {
        @org.openjdk.jmh.annotations.Param({"true", "false"})
        boolean events;
        Kernel kernel;
        final AtomicInteger nextHalf = new AtomicInteger();

        @Setup(Level.Trial)
        public void build() {
            kernel = BenchMachines.withDevice(4L << 30, 2 * HALF, 4096);
            kernel.events().setEnabled(events);
        }
    }

    /** A thread's own process, mapping its own half of the device. */
    @State(Scope.Thread)
    public static class Worker {
        SimProcess proc;
        long base;
        dev.daxscope.sim.mm.FaultContext slot;
        MemoryManager mm;

        @Setup(Level.Trial)
        public void map(Machine m) {
            int half = m.nextHalf.getAndIncrement() % 2;
            proc = m.kernel.spawn("worker" + half);
            base = BenchMachines.map(m.kernel, proc, HALF, half * HALF);
            mm = m.kernel.mm();
            slot = m.kernel.mm().newContext();
        }

        @Setup(Level.Invocation)
        public void empty() {
            mm.madvise(proc, base, HALF, "dontneed");
        }
    }

    private static long faultBatch(Worker w) {
        long ok = 0;
        for (int i = 0; i < BATCH; i++) {
            ok += w.mm.access(w.slot, w.proc, w.base + ((long) i << 12), false).isOk() ? 1 : 0;
        }
        w.slot.flush();
        return ok;
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public long disjointPagesOneWorker(Worker w) {
        return faultBatch(w);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public long disjointPagesTwoWorkers(Worker w) {
        return faultBatch(w);
    }

    /** Two processes mapping the same 2M folio. */
    @State(Scope.Benchmark)
    public static class SharedFolio {
        Kernel kernel;
        final AtomicInteger next = new AtomicInteger();

        @Setup(Level.Trial)
        public void build() {
            kernel = BenchMachines.withDevice(64L << 20, 2L << 20, 2L << 20);
            kernel.events().setEnabled(false);
        }
    }

    /** A thread's own mapping of the shared folio. */
    @State(Scope.Thread)
    public static class FolioUser {
        SimProcess proc;
        long base;
        dev.daxscope.sim.mm.FaultContext slot;

        @Setup(Level.Trial)
        public void map(SharedFolio s) {
            proc = s.kernel.spawn("user" + s.next.getAndIncrement());
            base = BenchMachines.map(s.kernel, proc, 2L << 20, 0);
            slot = s.kernel.mm().newContext();
        }
    }

    /** One operation = a PMD fault (+1 ref, +1 map) and its zap (-1, -1) on the shared folio. */
    @Benchmark
    @Threads(2)
    public boolean sameFolioTwoWorkers(SharedFolio s, FolioUser u) {
        boolean ok = s.kernel.mm().access(u.slot, u.proc, u.base, true).isOk();
        s.kernel.mm().madvise(u.proc, u.base, 4096, "dontneed");
        return ok;
    }
}
