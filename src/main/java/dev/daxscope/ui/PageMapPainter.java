package dev.daxscope.ui;

import dev.daxscope.model.FolioCounter;
import dev.daxscope.source.PageMapSummary;
import java.util.function.IntPredicate;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * Paints a page-map summary onto the canvas: cells into a pixel buffer drawn once (cost follows
 * the pixels, not the nodes), at the screen's device pixels so cell borders stay crisp. Colour is
 * the chosen counter (viridis, log scale), idle cells grey, poison red, a PMD/PUD entry's cell
 * bordered darker; a fault flashes a cell towards white. Also reads the canvas back as a person
 * sees it (tests).
 */
final class PageMapPainter {
    /** The cells' top-left corner on the canvas. */
    static final int LEFT = 12;
    static final int TOP = 8;
    /** How far towards white a flash starts: enough to catch the eye, not to hide the colour. */
    private static final double FLASH_STRENGTH = 0.55;

    private final Canvas canvas;
    private final Node owner;
    private WritableImage image;
    private int[] pixels = new int[0];
    /** Device pixels per layout pixel, when not taken from the window (tests set it). */
    private int forcedScale;

    PageMapPainter(Canvas canvas, Node owner) {
        this.canvas = canvas;
        this.owner = owner;
    }

    void forceRenderScale(int scale) {
        forcedScale = scale;
    }

    /** The window's output scale rounded up (2 on a 200 % screen), 1 before the map is on a window. */
    private int renderScale() {
        if (forcedScale > 0) {
            return forcedScale;
        }
        javafx.stage.Window window = owner.getScene() == null ? null : owner.getScene().getWindow();
        return window == null ? 1 : (int) Math.max(1, Math.ceil(Math.max(window.getOutputScaleX(), window.getOutputScaleY())));
    }

    /** The pixel buffer's size {width, height} as last painted. */
    int[] bufferSize() {
        return image == null ? new int[] {0, 0} : new int[] {(int) image.getWidth(), (int) image.getHeight()};
    }

    void clear() {
        canvas.getGraphicsContext2D().clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
    }

    /** Writes why there is no folio data where the cells would be. */
    void paintUnavailable(String reason) {
        clear();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.gray(0.45));
        g.setFont(Font.font(14));
        double y = 28;
        for (String line : reason.split("(?<=[;:.]) ")) {
            g.fillText(line, 16, y);
            y += 20;
        }
    }

    /**
     * The top of the colour scale: fixed, so a colour means one value whatever else the map
     * holds (scaled to the largest value shown, yellow meant 3, then 4, then 5 as a workload ran);
     * higher values take the top colour, and the key says so.
     */
    static final int SCALE_TOP = 16;

    /** Where {@code value} sits on the fixed log scale, 0..1. */
    static double scaled(int value) {
        return Math.min(1, Math.log1p(value) / Math.log1p(SCALE_TOP));
    }

    /**
     * Paints {@code s}'s cells, {@code cell} px square in {@code cols} columns, coloured by counter
     * {@code by}; cells {@code dimmed} are dimmed, {@code flash} (0..1 per cell) whitens, and the
     * cursor cell (or -1) is outlined.
     */
    void paint(PageMapSummary s, FolioCounter by, int cell, int cols, double[] flash, IntPredicate dimmed, int cursor) {
        clear();
        GraphicsContext g = canvas.getGraphicsContext2D();
        int px = renderScale();
        int cellPx = cell * px;
        int w = cols * cellPx;
        int h = ((s.cells() + cols - 1) / cols) * cellPx;
        if (image == null || (int) image.getWidth() != w || (int) image.getHeight() != h) {
            image = new WritableImage(Math.max(1, w), Math.max(1, h));
            pixels = new int[Math.max(1, w * h)];
        }
        java.util.Arrays.fill(pixels, 0);
        Color idleColour = idleColour();
        for (int i = 0; i < s.cells(); i++) {
            int x0 = (i % cols) * cellPx;
            int y0 = (i / cols) * cellPx;
            int v = value(s, i, by);
            boolean idle = s.maxMap()[i] == 0 && s.maxPin()[i] == 0 && s.maxRef()[i] <= 1;
            Color c = s.poisoned()[i] ? Palette.POISON : idle ? idleColour : Palette.viridis(scaled(v));
            if (i < flash.length && flash[i] > 0) {
                c = c.interpolate(Color.WHITE, FLASH_STRENGTH * flash[i]);
            }
            if (dimmed.test(i)) {
                c = c.deriveColor(0, 0.2, 0.45, 1);
            }
            int argb = argb(c);
            int edge = s.level()[i] >= 2 ? argb(c.deriveColor(0, 1, s.level()[i] == 3 ? 0.45 : 0.7, 1)) : argb;
            int inner = cellPx - px;
            for (int y = 0; y < inner; y++) {
                int row = (y0 + y) * w + x0;
                for (int x = 0; x < inner; x++) {
                    boolean border = x < px || y < px || x >= inner - px || y >= inner - px;
                    pixels[row + x] = border ? edge : argb;
                }
            }
        }
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels, 0, w);
        g.drawImage(image, LEFT, TOP, (double) w / px, (double) h / px);
        if (cursor >= 0 && cursor < s.cells()) {
            g.setStroke(Palette.dark(owner) ? Color.WHITE : Color.BLACK);
            g.setLineWidth(2);
            g.strokeRect(LEFT + (cursor % cols) * cell - 1, TOP + (cursor / cols) * cell - 1, cell + 1, cell + 1);
        }
    }

    Color idleColour() {
        return Palette.dark(owner) ? Palette.IDLE_DARK : Palette.IDLE;
    }

    /** {@code c} as an opaque ARGB int, as the pixel buffer and a canvas read-back hold it. */
    static int argb(Color c) {
        return 0xff000000 | ((int) Math.round(c.getRed() * 255) << 16) | ((int) Math.round(c.getGreen() * 255) << 8)
                | (int) Math.round(c.getBlue() * 255);
    }

    static int value(PageMapSummary s, int i, FolioCounter by) {
        return s.max(by, i);
    }

    // ------------------------------------------------------------------ what is painted (tests)

    /** The colour painted at the centre of cell {@code i}, read back from the canvas as a person sees it. */
    int paintedArgb(int i, int cell, int cols) {
        return canvasPixels().getPixelReader().getArgb(LEFT + (i % cols) * cell + cell / 2, TOP + (i / cols) * cell + cell / 2);
    }

    /** Cells painted with something other than the background, of {@code cells} places, read back from the canvas. */
    long paintedCells(int cell, int cols, long cells) {
        WritableImage img = canvasPixels();
        long painted = 0;
        for (int i = 0; i < cells; i++) {
            int x = LEFT + (i % cols) * cell + cell / 2;
            int y = TOP + (i / cols) * cell + cell / 2;
            if (x < img.getWidth() && y < img.getHeight() && (img.getPixelReader().getArgb(x, y) >>> 24) != 0) {
                painted++;
            }
        }
        return painted;
    }

    /** The canvas as drawn, unpainted areas transparent. */
    private WritableImage canvasPixels() {
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(Color.TRANSPARENT);
        return canvas.snapshot(p, null);
    }
}
