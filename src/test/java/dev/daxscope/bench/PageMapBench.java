package dev.daxscope.bench;

import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.mm.MemoryManager;
import dev.daxscope.sim.mm.SimProcess;
import dev.daxscope.source.PageMapSummary;
import dev.daxscope.source.SimulatedSource;
import java.util.concurrent.TimeUnit;
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
 * The data side of one page-map frame at 1600x1000 (about 44,000 cells of 6 px): summarising a
 * bound 1 TiB 4K device with 10 M mapped pages, when nothing changed and when 100,000 pages were
 * just faulted;
 * the mapped pages lie in 1,000 runs of 10,000 spread over the device (the pyramid recomputes the dirty blocks).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PageMapBench {
    static final int CELLS = (1600 / 6) * (1000 / 6);

    Kernel kernel;
    SimulatedSource source;
    SimProcess proc;
    long base;
    long next = 10_000_000;

    @Setup(Level.Trial)
    public void build() {
        kernel = BenchMachines.withDevice(1L << 40, 1L << 40, 4096);
        kernel.events().setEnabled(false);
        proc = kernel.spawn("mapper");
        base = BenchMachines.map(kernel, proc, 1L << 40, 0);
        MemoryManager mm = kernel.mm();
        for (long i = 0; i < 10_000_000; i++) {
            mm.access(mm.defaultContext(), proc, base + (page(i) << 12), false);
        }
        source = new SimulatedSource(kernel);
        source.pageMap("dax0.1", CELLS);
    }

    /** 1,000 runs of 10,000 mapped pages spread over the whole device (a sparse but realistic layout). */
    static long page(long i) {
        return (i / 10_000) * ((1L << 28) / 2_000) + i % 10_000;
    }

    @Benchmark
    public PageMapSummary steadyFrame() {
        return source.pageMap("dax0.1", CELLS);
    }

    /** Faults 100,000 more pages before each measured frame (only for the benchmark that asks for it). */
    @State(Scope.Thread)
    public static class Churn {
        @Setup(Level.Invocation)
        public void faultMore(PageMapBench b) {
            MemoryManager mm = b.kernel.mm();
            for (int i = 0; i < 100_000; i++) {
                mm.access(mm.defaultContext(), b.proc, b.base + (page(b.next++ % 20_000_000) << 12), true);
            }
        }
    }

    @Benchmark
    public PageMapSummary frameAfterHundredThousandFaults(Churn churn) {
        return source.pageMap("dax0.1", CELLS);
    }
}
