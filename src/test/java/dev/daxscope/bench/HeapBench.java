package dev.daxscope.bench;

import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.mm.MemoryManager;
import dev.daxscope.sim.mm.SimProcess;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Memory goals: retained heap (after full GC) of an idle bound 1 TiB 4K device, and of the same
 * device with 10 M 4K pages mapped. Reported as the aux counters {@code idleMiB} / {@code mappedMiB}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-XX:+UseParallelGC"})
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class HeapBench {
    static final long TIB = 1L << 40;
    static final int MAPPED_PAGES = 10_000_000;

    /** Heap figures of the last measurement. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Footprint {
        public double idleMiB;
        public double mappedMiB;

        @Setup(Level.Iteration)
        public void clear() {
            idleMiB = 0;
            mappedMiB = 0;
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static volatile Kernel keep;

    @Benchmark
    public void idleThenTenMillionMapped(Footprint f) {
        long before = usedAfterGc();
        Kernel k = BenchMachines.withDevice(TIB, TIB, 4096);
        keep = k;
        f.idleMiB = (usedAfterGc() - before) / 1048576.0;
        SimProcess p = k.spawn("mapper");
        long base = BenchMachines.map(k, p, TIB, 0);
        k.events().setEnabled(false);
        MemoryManager mm = k.mm();
        var slot = mm.defaultContext();
        for (long i = 0; i < MAPPED_PAGES; i++) {
            mm.access(slot, p, base + (i << 12), false);
        }
        f.mappedMiB = (usedAfterGc() - before) / 1048576.0;
        keep = null;
    }
}
