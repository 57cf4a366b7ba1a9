package dev.daxscope.bench;

import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.mm.MemoryManager;
import dev.daxscope.sim.mm.SimProcess;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Page faults per second on one worker: 4K PTE faults on a 4K device, PMD faults on a 2M device.
 * Each invocation faults a whole batch into an empty VMA; the zap that empties it again runs
 * outside the measurement. Events are recorded, as in the product.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FaultBench {
    static final int PTE_BATCH = 1 << 18;
    static final int PMD_BATCH = 1 << 14;

    @Param({"true", "false"})
    boolean events;

    Kernel pteKernel;
    Kernel pmdKernel;
    SimProcess pteProc;
    SimProcess pmdProc;
    long pteBase;
    long pmdBase;

    @Setup(Level.Trial)
    public void machines() {
        pteKernel = BenchMachines.withDevice(2L << 30, 1L << 30, 4096);
        pteProc = pteKernel.spawn("bench");
        pteBase = BenchMachines.map(pteKernel, pteProc, 1L << 30, 0);
        pmdKernel = BenchMachines.withDevice(64L << 30, 32L << 30, 2L << 20);
        pmdProc = pmdKernel.spawn("bench");
        pmdBase = BenchMachines.map(pmdKernel, pmdProc, 32L << 30, 0);
        pteKernel.events().setEnabled(events);
        pmdKernel.events().setEnabled(events);
    }

    @Setup(Level.Invocation)
    public void emptyTheMappings() {
        pteKernel.mm().madvise(pteProc, pteBase, 1L << 30, "dontneed");
        pmdKernel.mm().madvise(pmdProc, pmdBase, 32L << 30, "dontneed");
    }

    @Benchmark
    @OperationsPerInvocation(PTE_BATCH)
    public long pte4kFaultsOneWorker() {
        MemoryManager mm = pteKernel.mm();
        var slot = mm.defaultContext();
        long ok = 0;
        for (int i = 0; i < PTE_BATCH; i++) {
            ok += mm.access(slot, pteProc, pteBase + ((long) i << 12), false).isOk() ? 1 : 0;
        }
        return ok;
    }

    @Benchmark
    @OperationsPerInvocation(PMD_BATCH)
    public long pmdFaultsOneWorker() {
        MemoryManager mm = pmdKernel.mm();
        var slot = mm.defaultContext();
        long ok = 0;
        for (int i = 0; i < PMD_BATCH; i++) {
            ok += mm.access(slot, pmdProc, pmdBase + ((long) i << 21), false).isOk() ? 1 : 0;
        }
        return ok;
    }
}
