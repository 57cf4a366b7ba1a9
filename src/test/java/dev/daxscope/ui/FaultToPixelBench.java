package dev.daxscope.ui;

import dev.daxscope.bench.BenchMachines;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.mm.SimProcess;
import dev.daxscope.source.sim.SimulatedSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * From a fault to its pixel (issue target: 50 ms): the main window runs headless on a bound 1 GiB
 * 4K device, mapped whole; each invocation faults one new page from the benchmark thread (as a
 * fault worker would) and waits until the page map has painted a frame that contains it. The
 * frame itself is drawn by the window's own AnimationTimer, so the figure includes the wait for
 * the next pulse (60 Hz). Reported as a latency distribution (SampleTime).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dglass.platform=Headless", "-Dprism.order=sw"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class FaultToPixelBench {
    private static final long DEVICE = 1L << 30;
    private static final long PAGES = DEVICE >> 12;

    private Kernel kernel;
    private SimProcess proc;
    private long base;
    private long nextPage;
    private MainWindow window;

    @Setup(Level.Trial)
    public void openWindow() throws InterruptedException {
        kernel = BenchMachines.withDevice(DEVICE, DEVICE, 4096);
        proc = kernel.spawn("faulter");
        base = BenchMachines.map(kernel, proc, DEVICE, 0);
        window = BenchWindows.show(new SimulatedSource(kernel), "page-map");
        if (!"dax0.1".equals(window.pageMap().device())) {
            throw new IllegalStateException("the page map does not show dax0.1");
        }
    }

    @TearDown(Level.Trial)
    public void closeWindow() {
        Platform.runLater(window::stop);
    }

    @Benchmark
    public long faultToPixel() {
        if (nextPage == PAGES) {
            throw new IllegalStateException("every page of the device has faulted; lengthen the device or shorten the run");
        }
        PageMapView pageMap = window.pageMap();
        long before = pageMap.shownStampSum();
        long start = System.nanoTime();
        kernel.mm().access(kernel.mm().defaultContext(), proc, base + (nextPage++ << 12), true);
        while (pageMap.shownStampSum() == before) {
            // polling every 20 µs keeps one of the two cores free for the FX and render threads
            LockSupport.parkNanos(20_000);
        }
        return System.nanoTime() - start;
    }
}
