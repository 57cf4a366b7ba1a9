package dev.daxscope.ui;

import dev.daxscope.source.DaxSource;
import dev.daxscope.source.SimulatedSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long our code holds the FX thread per frame (issue target: never more than 16 ms) while
 * workers fault as fast as they can on the demo machine: each sample runs the window's
 * per-frame sampling (snapshot refresh, page map, status, fault log) on the FX thread and
 * measures it there. The window's own AnimationTimer keeps running alongside, as in the app.
 * JMH's score is the round trip through the FX queue (on 2 cores the workers compete with the
 * FX and render threads for CPU); the figure for the target is the time held on the FX thread,
 * printed as percentiles at the end of the run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dglass.platform=Headless", "-Dprism.order=sw"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class FrameUnderLoadBench {
    /** Fault workers beside the FX thread; on this 2-core machine 2 leave it no core of its own. */
    @org.openjdk.jmh.annotations.Param({"1", "2"})
    public int workers;

    private MainWindow window;
    private DaxSource.Workloads workloads;
    private final java.util.List<Long> heldNanos = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final java.util.List<Long> cpuNanos = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    @Setup(Level.Trial)
    public void startWorkload() throws InterruptedException {
        SimulatedSource source = SimulatedSource.demo();
        workloads = source.workloads().orElseThrow();
        window = BenchWindows.show(source, "page-map");
        workloads.start("uniform,device=dax0.1,procs=4,rate=0,write=30", workers);
    }

    @TearDown(Level.Trial)
    public void stopWorkload() {
        workloads.stop();
        Platform.runLater(window::stop);
        report("FX thread held (wall)", heldNanos);
        report("FX thread CPU", cpuNanos);
    }

    private void report(String what, java.util.List<Long> samples) {
        long[] s = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        if (s.length > 0) {
            System.out.printf("%n%d workers: %s per frame over %d frames: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    workers, what, s.length, s[s.length / 2] / 1e6, s[s.length * 9 / 10] / 1e6,
                    s[Math.min(s.length - 1, s.length * 99 / 100)] / 1e6, s[s.length - 1] / 1e6);
        }
    }

    /** Nanoseconds one frame of sampling held the FX thread. */
    @Benchmark
    public long sampleOneFrame() throws Exception {
        CompletableFuture<Long> held = new CompletableFuture<>();
        Platform.runLater(() -> {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            window.frame(start);
            long nanos = System.nanoTime() - start;
            cpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpu);
            heldNanos.add(nanos);
            held.complete(nanos);
        });
        return held.get(10, TimeUnit.SECONDS);
    }
}
