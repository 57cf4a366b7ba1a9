package dev.daxscope.ui;

import dev.daxscope.bench.BenchMachines;
import dev.daxscope.linux.DamonReader;
import dev.daxscope.model.damon.DamonState;
import dev.daxscope.model.damon.HeatFrame;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.damon.MonitorAttributes;
import dev.daxscope.sim.damon.SimDamon;
import dev.daxscope.sim.mm.SimProcess;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * What DAMON heat costs on the largest demo machine (a bound 1 TiB 4K device with 10 M mapped
 * pages, and a system-ram device of 1,000 memory blocks on node 1 with a kdamond of at least 1,000
 * regions over it and a process keeping 4 GiB of it hot): {@code snapshotRead} reads the kdamond's
 * sysfs files (1,000+ tried regions) into a DamonState; {@code heatFrameData} turns a state into
 * the window's frame (per node, off the FX thread); {@code simulatedReading} is the window's whole
 * background reading of the simulator (export of its sysfs, read, frame); {@code overlayFrame} is
 * the region map's repaint with the heat strip on the FX thread at 1600x1000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dglass.platform=Headless", "-Dprism.order=sw"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HeatBench {
    static final int BLOCKS = 1_000;
    private SimulatedSource source;
    private Path sysfs;
    private DamonState state;
    private MainWindow window;
    private final FxThreadTimer overlay = new FxThreadTimer();

    @Setup(Level.Trial)
    public void build() throws Exception {
        BenchMachines.MappedTerabyte machine = BenchMachines.mappedTerabyte();
        Kernel kernel = machine.kernel();
        // Onlined as kmem binds (as on distributions with auto_online_blocks set): DAMON sees online memory only.
        BenchMachines.must(kernel.sysfs().write("/sys/devices/system/memory/auto_online_blocks", "online_movable\n"));
        BenchMachines.addSystemRam(kernel, BLOCKS);
        SimProcess hot = kernel.spawn("hot");
        BenchMachines.must(kernel.anon().alloc(hot, 4L << 30, 1));
        BenchMachines.must(kernel.work(hot, new SimDamon.Work(0, 0, 100)));
        BenchMachines.must(kernel.monitor(1, new MonitorAttributes(5_000, 100_000, 60_000_000, BLOCKS, 2 * BLOCKS)));
        kernel.elapse(1_000_000);
        source = new SimulatedSource(kernel);
        sysfs = Files.createTempDirectory("heat-bench");
        source.exportSysfs(sysfs);
        state = new DamonReader(sysfs.resolve("sys")).read();
        int regions = state.snapshots().stream().mapToInt(s -> s.regions().size()).sum();
        if (regions < BLOCKS) {
            throw new IllegalStateException("the kdamond has " + regions + " regions, not at least " + BLOCKS);
        }
        System.out.printf("%nDAMON: %,d tried regions over %,d memory blocks%n", regions, BLOCKS);
        window = onFx(() -> {
            MainWindow w = new MainWindow(source, UiPreferences.inMemory());
            Scene scene = new Scene(w.root(), 1600, 1000);
            Styles.apply(scene);
            w.showView("region-map");
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            w.heat().readNow();
            return w;
        });
        window.model().tasks().drain(600, TimeUnit.SECONDS);
        window.heat().drain(600, TimeUnit.SECONDS);
        if (onFx(() -> window.heat().shownProperty().get()) == null) {
            throw new IllegalStateException("the window read no heat");
        }
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> what) throws Exception {
        Headless.startToolkit();
        CompletableFuture<T> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                done.complete(what.call());
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        return done.get(120, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void report() throws Exception {
        overlay.report("region map repaint with the DAMON heat strip, 1600x1000");
        dev.daxscope.source.AtomicOutput.deleteTree(sysfs);
    }

    @Benchmark
    public int snapshotRead() {
        return new DamonReader(sysfs.resolve("sys")).read().snapshots().stream().mapToInt(s -> s.regions().size()).sum();
    }

    @Benchmark
    public HeatFrame heatFrameData() {
        return HeatFrame.of(0, state, source.snapshot().devices(), source.physicalOwners());
    }

    @Benchmark
    public HeatFrame simulatedReading() {
        return HeatFrame.of(0, source.damon(), source.snapshot().devices(), source.physicalOwners());
    }

    @Benchmark
    public long overlayFrame() throws Exception {
        return overlay.time(() -> window.regionMap().repaint());
    }

}
