package dev.daxscope.bench;

import dev.daxscope.source.PageMapSummary;
import dev.daxscope.source.sim.SimulatedSource;
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

    BenchMachines.MappedTerabyte machine;
    SimulatedSource source;
    long next = 10_000_000;

    @Setup(Level.Trial)
    public void build() {
        machine = BenchMachines.mappedTerabyte();
        source = new SimulatedSource(machine.kernel());
        source.pageMap("dax0.1", CELLS);
    }

    @Benchmark
    public PageMapSummary steadyFrame() {
        return source.pageMap("dax0.1", CELLS);
    }

    /** The machine snapshot the inspector samples at most 4 times a second (tree, processes, entry counts). */
    @Benchmark
    public dev.daxscope.model.MachineSnapshot snapshot() {
        return source.snapshot();
    }

    /** Faults 100,000 more pages before each measured frame (only for the benchmark that asks for it). */
    @State(Scope.Thread)
    public static class Churn {
        @Setup(Level.Invocation)
        public void faultMore(PageMapBench b) {
            b.machine.fault(b.next, 100_000, true);
            b.next += 100_000;
        }
    }

    @Benchmark
    public PageMapSummary frameAfterHundredThousandFaults(Churn churn) {
        return source.pageMap("dax0.1", CELLS);
    }
}
