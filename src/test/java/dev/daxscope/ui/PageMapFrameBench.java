package dev.daxscope.ui;

import dev.daxscope.bench.BenchMachines;
import dev.daxscope.source.sim.SimulatedSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
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
 * The whole page-map frame the issue targets (≤ 8 ms): the main window laid out at 1600x1000
 * (off-screen, as `daxscope screenshot` renders it), showing a bound 1 TiB 4K device with 10 M
 * mapped pages; each sample is one redraw on the FX thread — the summary from the source, the
 * pixel buffer painted and handed to the canvas — either forced (layout recomputed) or the
 * per-frame one after new faults. PageMapBench measures the data part alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dglass.platform=Headless", "-Dprism.order=sw"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PageMapFrameBench {
    private MainWindow window;
    private final FxThreadTimer forced = new FxThreadTimer();
    private final FxThreadTimer changed = new FxThreadTimer();
    private BenchMachines.MappedTerabyte machine;
    private long next = 10_000_000;

    @Setup(Level.Trial)
    public void build() throws Exception {
        machine = BenchMachines.mappedTerabyte();
        SimulatedSource source = new SimulatedSource(machine.kernel());
        Headless.startToolkit();
        CompletableFuture<MainWindow> built = new CompletableFuture<>();
        Platform.runLater(() -> {
            MainWindow w = new MainWindow(source, UiPreferences.inMemory());
            Scene scene = new Scene(w.root(), 1600, 1000);
            Styles.apply(scene);
            w.showView("page-map");
            w.model().shownDeviceProperty().set("dax0.1");
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            built.complete(w);
        });
        window = built.get(60, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf("%nPage map: %,d cells%n", window.pageMap().cellCount());
        forced.report("forced page-map frame (device shown, resize, zoom), 1 TiB 4K device, 10 M mapped, 1600x1000");
        changed.report("page-map frame after 10,000 new faults");
    }

    /** A frame that recomputes the layout too: showing a device, resizing, zooming, another colour. */
    @Benchmark
    public long forcedFrame() throws Exception {
        return forced.time(() -> window.pageMap().redraw(true));
    }

    /** Faults 10,000 more pages (spread over the device) before each measured frame. */
    @State(Scope.Thread)
    public static class Churn {
        @Setup(Level.Invocation)
        public void faultMore(PageMapFrameBench b) {
            b.machine.fault(b.next, 10_000, true);
            b.next += 10_000;
        }
    }

    /** The per-frame path while faults land: the AnimationTimer's redraw, which repaints because stamps moved. */
    @Benchmark
    public long frameAfterFaults(Churn churn) throws Exception {
        return changed.time(() -> window.pageMap().redraw(false));
    }
}
