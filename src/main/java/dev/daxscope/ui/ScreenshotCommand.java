package dev.daxscope.ui;

import dev.daxscope.model.WorkloadRequest;
import dev.daxscope.source.AtomicOutput;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.open.Machines;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code daxscope screenshot}: the whole main window rendered headless to a PNG (scenario-language §7). */
@Command(name = "screenshot", mixinStandardHelpOptions = true,
        description = "Render the main window headless to a PNG (no display needed).",
        footer = {"", "Views: tree, region-map, page-map, processes, fault-log, stats, properties, scenario-player", "", "Examples:",
                "  daxscope screenshot --out main.png", "  daxscope screenshot --out pm.png --view page-map --size 1280x720",
                "  daxscope screenshot --out dark.png --theme dark"})
public final class ScreenshotCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "FILE.png",
            description = "Where to write the PNG (never over an existing file without --force).")
    Path out;

    @Option(names = "--force", description = "Replace --out if it is a file or a symlink (the link, not its target).")
    boolean force;

    @Option(names = "--view", paramLabel = "NAME", description = "The view to select (default page-map).")
    String view = "page-map";

    @Option(names = "--size", paramLabel = "WxH", description = "Window size (default 1600x1000).")
    String size = "1600x1000";

    @Option(names = "--machine", paramLabel = "FILE.dax", description = "Show this machine instead of the demo machine.")
    Path machine;

    @Option(names = "--snapshot", paramLabel = "DIR|FILE", description = "Show a captured real machine instead.")
    Path snapshot;

    @Option(names = "--theme", paramLabel = "light|dark", description = "Colour theme (default light).")
    String theme = "light";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!MainWindow.VIEWS.contains(view)) {
            err.println("daxscope screenshot: unknown view '" + view + "'; valid views: " + String.join(", ", MainWindow.VIEWS));
            return 2;
        }
        if (!theme.equals("light") && !theme.equals("dark")) {
            err.println("daxscope screenshot: --theme must be light or dark, not '" + theme + "'");
            return 2;
        }
        String[] wh = size.split("x");
        int w;
        int h;
        try {
            w = Integer.parseInt(wh[0]);
            h = Integer.parseInt(wh[1]);
        } catch (RuntimeException e) {
            err.println("daxscope screenshot: --size must be WIDTHxHEIGHT, e.g. 1600x1000, not '" + size + "'");
            return 2;
        }
        if (w < 320 || h < 240 || w > 8192 || h > 8192) {
            err.println("daxscope screenshot: --size must be between 320x240 and 8192x8192");
            return 2;
        }
        try {
            AtomicOutput.checkFileTarget(out, force);
        } catch (IOException e) {
            err.println("daxscope screenshot: " + e.getMessage());
            return 2;
        }
        DaxSource source;
        // Simulated machines run on a stepped clock, so faults/s and the stats chart are the same on every run.
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        if (snapshot != null) {
            try {
                source = Machines.snapshot(snapshot);
            } catch (IOException e) {
                err.println("daxscope screenshot: " + e.getMessage());
                return 2;
            }
        } else {
            // A malformed or failing machine script ends the command via Main's handler (exit 2 or 1).
            source = Machines.machineFile(machine, clock::get);
        }
        BufferedImage image = render(source, view, w, h, theme.equals("dark"), clock);
        try {
            writePng(image, out, force);
        } catch (AtomicOutput.TargetExists e) {
            err.println("daxscope screenshot: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("daxscope screenshot: " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println(out);
        return 0;
    }

    /**
     * Writes a PNG through {@link AtomicOutput} (ImageIO's own file writer deletes what the path
     * names first, and leaves a partial file when the disk fills).
     */
    static void writePng(BufferedImage image, Path file, boolean force) throws IOException {
        AtomicOutput.file(file, force, tmp -> {
            try (OutputStream o = Files.newOutputStream(tmp)) {
                ImageIO.write(image, "png", o);
            }
        });
    }

    /** Accesses of the fixed workload each screenshot shows (a seeded zipf run on the page map's device). */
    static final String FIXED_WORKLOAD = "zipf,procs=1,accesses=1500,seed=7,write=30";
    private static final int SAMPLES = 16;
    private static final long SAMPLE_NANOS = 250_000_000L;

    /**
     * Starts the FX toolkit headless if needed and renders the window on the FX thread, after the
     * fixed workload ran on the page map's device and {@code clock} stepped through the samples.
     */
    public static BufferedImage render(DaxSource source, String view, int w, int h, boolean dark,
                                       java.util.concurrent.atomic.AtomicLong clock) throws Exception {
        Headless.startToolkit();
        CompletableFuture<MainWindow> built = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                UiPreferences look = UiPreferences.inMemory();
                look.setDark(dark);
                MainWindow window = new MainWindow(source, look);
                window.repeatable(clock::get);
                String device = window.pageMap().device();
                source.workloads().filter(wl -> device != null).ifPresent(wl -> {
                    try {
                        wl.runToEnd(WorkloadRequest.parse(FIXED_WORKLOAD, device), 1);
                    } catch (IllegalArgumentException e) {
                        // The shown device cannot run it (e.g. unbound): the picture shows the machine as built.
                    }
                });
                for (int i = 0; i < SAMPLES; i++) {
                    clock.addAndGet(SAMPLE_NANOS);
                    window.model().sample();
                }
                Scene scene = new Scene(window.root(), w, h);
                Styles.apply(scene);
                // Not shown in a Stage: the headless glass screen is 1000x1000 and a bigger window
                // cannot present; Scene.snapshot renders off-screen at any size.
                window.showView(view);
                window.refreshNow();
                built.complete(window);
            } catch (RuntimeException e) {
                built.completeExceptionally(e);
            }
        });
        MainWindow window = built.get(60, TimeUnit.SECONDS);
        // What the views read in the background (sysfs attributes, previews) is in before the picture.
        window.model().tasks().drain(60, TimeUnit.SECONDS);
        CompletableFuture<BufferedImage> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                Scene scene = window.root().getScene();
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                window.refreshNow();
                result.complete(toBuffered(scene.snapshot(null)));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(60, TimeUnit.SECONDS);
    }

    static BufferedImage toBuffered(WritableImage img) {
        int iw = (int) img.getWidth();
        int ih = (int) img.getHeight();
        int[] pixels = new int[iw * ih];
        img.getPixelReader().getPixels(0, 0, iw, ih, PixelFormat.getIntArgbInstance(), pixels, 0, iw);
        BufferedImage b = new BufferedImage(iw, ih, BufferedImage.TYPE_INT_ARGB);
        b.setRGB(0, 0, iw, ih, pixels, 0, iw);
        return b;
    }
}
