package dev.daxscope.ui;

import dev.daxscope.model.WorkloadRequest;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.sim.SimulatedSource;
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
    private final FxThreadTimer timer = new FxThreadTimer();

    @Setup(Level.Trial)
    public void startWorkload() throws InterruptedException {
        SimulatedSource source = SimulatedSource.demo();
        workloads = source.workloads().orElseThrow();
        window = BenchWindows.show(source, "page-map");
        workloads.start(WorkloadRequest.parse("uniform,device=dax0.1,procs=4,rate=0,write=30", null), workers);
    }

    @TearDown(Level.Trial)
    public void stopWorkload() {
        workloads.stop();
        Platform.runLater(window::stop);
        timer.report(workers + " workers, one frame");
    }

    /** Nanoseconds one frame of sampling held the FX thread. */
    @Benchmark
    public long sampleOneFrame() throws Exception {
        return timer.time(() -> window.frame(System.nanoTime()));
    }
}
