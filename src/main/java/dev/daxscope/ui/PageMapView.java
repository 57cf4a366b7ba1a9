package dev.daxscope.ui;

import dev.daxscope.model.FolioInfo;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.PageMapSummary;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * The page map: a device's folios as a heat map, drawn on a Canvas from the source's per-cell
 * summary once per frame (never from worker threads). Colour is the chosen counter (viridis),
 * idle folios grey, poison red; the entry level is drawn as the cell border.
 */
final class PageMapView extends BorderPane implements Zoom {
    private static final int CELL = 6;
    /** Zoomed in to a few folios, cells grow to fill the view (a 28 px cap left it ~90 % blank). */
    private static final int MAX_CELL = 160;
    private DaxSource source;
    private final Canvas canvas = new Canvas();
    private final Pane canvasHolder = new Pane(canvas);
    private final Label title = new Label("No device to draw");
    private final Label legend = new Label();
    private final HeatLegend heatLegend = new HeatLegend();
    private final ComboBox<String> colourBy = new ComboBox<>();
    private final Tooltip hover = new Tooltip();
    private String device;
    private PageMapSummary last;
    private volatile long lastStampSum = -1;

    PageMapView(InspectorViewModel model, EmptyStateView empty) {
        this.model = model;
        this.source = model.source();
        this.empty = empty;
        getStyleClass().add("view");
        colourBy.getItems().addAll("refcount", "mapcount", "pins");
        colourBy.setValue("refcount");
        colourBy.setTooltip(new Tooltip("Which folio counter the colour shows"));
        colourBy.valueProperty().addListener((o, a, b) -> redraw(true));
        title.getStyleClass().add("view-title");
        // The title wraps rather than squeezing the controls into "…".
        title.setWrapText(true);
        title.setMinWidth(0);
        title.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(title, Priority.ALWAYS);
        HBox header = new HBox(12, title);
        header.getChildren().addAll(install(canvas, this::fractionAt, "the whole device"));
        header.getChildren().addAll(new Label("Colour by"), colourBy);
        header.getChildren().stream().skip(1).forEach(n -> ((javafx.scene.layout.Region) n)
                .setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE));
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        header.setPadding(new Insets(8, 12, 8, 12));
        header.getStyleClass().add("view-header");
        setTop(header);
        legend.getStyleClass().add("legend");
        legend.setWrapText(true);
        legend.setPadding(new Insets(6, 12, 8, 12));
        javafx.scene.layout.StackPane centre = new javafx.scene.layout.StackPane(canvasHolder, empty);
        javafx.scene.layout.StackPane.setAlignment(empty, javafx.geometry.Pos.TOP_LEFT);
        setCenter(centre);
        canvas.widthProperty().bind(canvasHolder.widthProperty());
        canvas.heightProperty().bind(canvasHolder.heightProperty());
        canvas.widthProperty().addListener((o, a, b) -> redraw(true));
        canvas.heightProperty().addListener((o, a, b) -> redraw(true));
        Tooltip.install(canvas, hover);
        canvas.setOnMouseMoved(e -> hover.setText(describe(e.getX(), e.getY())));
        // Keyboard users get what the hover shows: arrows move a cursor cell, its folio is described below the map.
        canvas.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            int step = switch (e.getCode()) {
                case LEFT -> -1;
                case RIGHT -> 1;
                case UP -> -columns();
                case DOWN -> columns();
                default -> 0;
            };
            if (step != 0 && last != null && last.cells() > 0) {
                moveCursor(step);
                e.consume();
            }
        });
        cursorDetail.getStyleClass().add("legend");
        cursorDetail.setWrapText(true);
        cursorDetail.setPadding(new Insets(0, 12, 0, 12));
        cursorDetail.setManaged(false);
        cursorDetail.setVisible(false);
        setBottom(new javafx.scene.layout.VBox(cursorDetail, heatLegend, legend));
        canvas.setOnMouseClicked(e -> canvas.requestFocus());
        model.transitionProperty().addListener((o, a, t) -> {
            // Another machine starts unzoomed; the same machine under another kernel keeps its zoom.
            setSource(t.source(), t.change() == InspectorViewModel.Change.NEW_KERNEL);
            showDevice(model.shownDeviceProperty().get());
        });
        model.shownDeviceProperty().addListener((o, a, name) -> showDevice(name));
        // A device resized, rebound or reconfigured under the map: draw what it is now.
        model.snapshotProperty().addListener((o, a, snap) -> {
            Object now = device == null ? null : snap.device(device).map(d -> java.util.List.of(d.size(), d.align(),
                    String.valueOf(d.driver()), d.ranges())).orElse(null);
            if (device != null && !java.util.Objects.equals(now, shownDeviceState)) {
                shownDeviceState = now;
                lastStampSum = -1;
                redraw(true);
            }
        });
        model.highlightProperty().addListener((o, a, h) -> highlight(h));
        showDevice(model.shownDeviceProperty().get());
    }

    private final InspectorViewModel model;
    private final EmptyStateView empty;
    /** Size, align, driver and ranges of the shown device when last drawn. */
    private Object shownDeviceState;

    /** Lights up the pages the selected process or mapping covers on the device shown (the others dim). */
    private void highlight(MappingHighlight h) {
        if (h == null || h.vmas().isEmpty()) {
            highlight(List.of(), "");
            return;
        }
        highlight(h.vmas().stream().filter(v -> v.device().equals(device))
                .map(v -> new long[] {v.deviceStart(), v.deviceEnd()}).toList(), h.label());
    }

    // ------------------------------------------------------------------ zoom: a window of folios

    /** Folios {@code [zoomFrom, zoomTo)} are shown; the whole device when not zoomed. */
    private long zoomFrom;
    private long zoomTo = Long.MAX_VALUE;
    /** Zooming in stops when this many folios fill the map (larger cells than that help nobody). */
    private static final long MIN_WINDOW = 64;

    /**
     * The device's folio count, from a one-cell summary: a full machine snapshot (which counts every
     * process's entries) would cost tens of milliseconds on a 1 TiB device with 10 M mapped pages.
     */
    private long folioCount() {
        return device == null ? 0 : source.pageMap(device, 0, 1, 1).folioCount();
    }

    /** Folios in the window shown. */
    private long shownFolios() {
        long count = folioCount();
        return Math.max(1, Math.min(zoomTo, count) - Math.min(zoomFrom, Math.max(0, count - 1)));
    }

    /**
     * Zooms by {@code factor} (2 = twice as close) keeping the folio at {@code fraction} of the
     * window where it is on screen.
     */
    @Override
    public void zoom(double factor, double fraction) {
        long count = folioCount();
        if (count <= 0) {
            return;
        }
        long from = Math.min(zoomFrom, count - 1);
        long span = Math.min(zoomTo, count) - from;
        long newSpan = Math.max(Math.min(MIN_WINDOW, count), Math.min(count, Math.round(span / factor)));
        long anchor = from + Math.round(span * fraction);
        setWindow(anchor - Math.round(newSpan * fraction), newSpan, count);
    }

    /** Moves the window by {@code fraction} of its width (negative: towards page offset 0). */
    @Override
    public void pan(double fraction) {
        long count = folioCount();
        long from = Math.min(zoomFrom, Math.max(0, count - 1));
        long span = Math.min(zoomTo, count) - from;
        setWindow(from + Math.round(span * fraction), span, count);
    }

    @Override
    public void fit() {
        zoomFrom = 0;
        zoomTo = Long.MAX_VALUE;
        redraw(true);
    }

    private void setWindow(long from, long span, long count) {
        zoomFrom = Math.max(0, Math.min(from, count - span));
        zoomTo = span >= count ? Long.MAX_VALUE : zoomFrom + span;
        redraw(true);
    }

    /** The shown folios {from, to}. */
    long[] window() {
        return last == null ? new long[] {0, 0} : new long[] {last.windowStart(), last.windowEnd()};
    }

    // ------------------------------------------------------------------ keyboard cursor

    private final Label cursorDetail = new Label();
    /** The cell the arrow keys point at, -1 until one is pressed. */
    private int cursor = -1;

    void moveCursor(int step) {
        cursor = cursor < 0 ? 0 : Math.floorMod(cursor + step, last.cells());
        describeCursor();
        paint(last);
    }

    int cursor() {
        return cursor;
    }

    String cursorText() {
        return cursorDetail.getText();
    }

    private void describeCursor() {
        boolean shown = cursor >= 0 && last != null && cursor < last.cells();
        cursorDetail.setVisible(shown);
        cursorDetail.setManaged(shown);
        cursorDetail.setText(shown ? describeCell(cursor).replaceAll(" {2,}", "  ").replace("\n", "  ·  ") : "");
    }

    /** Where (x, y) falls in the window, 0..1, by the cell under it; the middle when off the cells. */
    private double fractionAt(double x, double y) {
        if (last == null || last.cells() == 0) {
            return 0.5;
        }
        int col = (int) ((x - 12) / cell);
        int row = (int) ((y - 8) / cell);
        int i = row * columns() + col;
        return col < 0 || col >= columns() || i < 0 || i >= last.cells() ? 0.5 : (i + 0.5) / last.cells();
    }

    /** Draws {@code source} from now on; nothing of the previous one is kept but, on request, the zoom. */
    private void setSource(DaxSource source, boolean keepZoom) {
        this.source = source;
        this.device = null;
        if (!keepZoom) {
            this.zoomFrom = 0;
            this.zoomTo = Long.MAX_VALUE;
        }
        this.cursor = -1;
        describeCursor();
        this.last = null;
        this.lastStampSum = -1;
        this.previousStamp = new long[0];
        this.highlight = List.of();
        this.highlightLabel = "";
    }

    /** Device byte ranges {start, end} a selected process maps; cells outside them are dimmed. */
    private List<long[]> highlight = List.of();
    private String highlightLabel = "";

    /** Repaints only when the highlighted ranges or their label changed (the process tree re-applies them at 4 Hz). */
    void highlight(List<long[]> deviceRanges, String label) {
        boolean same = label.equals(highlightLabel) && deviceRanges.size() == highlight.size()
                && java.util.stream.IntStream.range(0, highlight.size())
                .allMatch(i -> java.util.Arrays.equals(highlight.get(i), deviceRanges.get(i)));
        if (same) {
            return;
        }
        highlight = List.copyOf(deviceRanges);
        highlightLabel = label;
        if (last != null) {
            paint(last);
        }
    }

    /** Cells of the device shown now; 0 until its first frame is painted. */
    int cellCount() {
        return last == null || !last.device().equals(device) ? 0 : last.cells();
    }

    boolean highlighted(int cellIndex) {
        return highlight.isEmpty() || last == null || highlights(last, cellIndex);
    }

    private boolean highlights(PageMapSummary s, int i) {
        long[] cell = s.cellBytes(i);
        for (long[] r : highlight) {
            if (r[0] < cell[1] && cell[0] < r[1]) {
                return true;
            }
        }
        return false;
    }

    /** Shows device {@code name}; null (no device on this machine, or none selected) shows why there is nothing to draw. */
    void showDevice(String name) {
        if (!java.util.Objects.equals(name, device)) {
            if (device != null) {
                zoomFrom = 0;
                zoomTo = Long.MAX_VALUE;
            }
            cursor = -1;
            describeCursor();
        }
        this.device = name;
        lastStampSum = -1;
        // The selected process's pages on this device, if it maps any.
        highlight(model.highlightProperty().get());
        boolean nothing = name == null;
        empty.setVisible(nothing);
        empty.setManaged(nothing);
        if (nothing) {
            last = null;
            canvas.getGraphicsContext2D().clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
            title.setText("No device to draw");
            legend.setText("");
            heatLegend.setVisible(false);
            heatLegend.setManaged(false);
            empty.explain(source);
            return;
        }
        redraw(true);
    }

    String device() {
        return device;
    }

    /**
     * The change stamps of what is on screen now: tests compare them across frames, and the
     * fault-to-pixel benchmark watches them from its own thread (hence volatile, set after the paint).
     */
    long shownStampSum() {
        return lastStampSum;
    }

    /** Cell size in pixels: cells that fill the view for few folios, 6 px when a cell must stand for many folios. */
    private int cellSize() {
        if (device == null) {
            return CELL;
        }
        long folios = shownFolios();
        double area = Math.max(1, (canvas.getWidth() - 24) * (canvas.getHeight() - 16));
        int fit = (int) Math.floor(Math.sqrt(area / folios));
        return Math.max(CELL, Math.min(MAX_CELL, fit));
    }

    private int cell = CELL;

    private int columns() {
        return Math.max(1, (int) ((canvas.getWidth() - 24) / cell));
    }

    private int rows() {
        return Math.max(1, (int) ((canvas.getHeight() - 16) / cell));
    }

    private long[] previousStamp = new long[0];
    private double[] flash = new double[0];
    private long[] flashStart = new long[0];
    /** A fault's flash fades in 300 ms (ui-brief) and a cell flashes again at most every 900 ms. */
    private static final long FLASH_FADE = 300_000_000L;
    private static final long FLASH_PERIOD = 900_000_000L;
    /** How far towards white a flash starts: enough to catch the eye, not to hide the colour. */
    private static final double FLASH_STRENGTH = 0.55;
    private boolean flashing;
    private javafx.scene.image.WritableImage image;
    /** Device pixels per layout pixel, when not taken from the window (tests set it). */
    private int forcedScale;

    void forceRenderScale(int scale) {
        forcedScale = scale;
        redraw(true);
    }

    /** The window's output scale rounded up (2 on a 200 % screen), 1 before the map is on a window. */
    private int renderScale() {
        if (forcedScale > 0) {
            return forcedScale;
        }
        javafx.stage.Window window = getScene() == null ? null : getScene().getWindow();
        return window == null ? 1 : (int) Math.max(1, Math.ceil(Math.max(window.getOutputScaleX(), window.getOutputScaleY())));
    }

    /** The pixel buffer's size {width, height} as last painted. */
    int[] bufferSize() {
        return image == null ? new int[] {0, 0} : new int[] {(int) image.getWidth(), (int) image.getHeight()};
    }
    private int[] pixels = new int[0];

    /** Called once per frame: fetches the summary and repaints when something changed or a flash fades. */
    void redraw(boolean force) {
        if (device == null || canvas.getWidth() < 10 || canvas.getHeight() < 10) {
            return;
        }
        if (force) {
            cell = cellSize();
            long folios = shownFolios();
            while (cell > CELL && (long) columns() * rows() < folios) {
                cell--;
            }
        }
        PageMapSummary s = source.pageMap(device, zoomFrom, zoomTo, columns() * rows());
        long sum = 0;
        for (long v : s.changeStamp()) {
            sum += v;
        }
        boolean changed = sum != lastStampSum || last == null || last.cells() != s.cells();
        if (!force && !changed && !flashing) {
            return;
        }
        long now = System.nanoTime();
        if (previousStamp.length != s.cells()) {
            previousStamp = s.changeStamp().clone();
            flash = new double[s.cells()];
            flashStart = new long[s.cells()];
            java.util.Arrays.fill(flashStart, Long.MIN_VALUE / 2);
        }
        flashing = false;
        for (int i = 0; i < s.cells(); i++) {
            // A fixed schedule: a cell flashes at most once per FLASH_PERIOD and fades in FLASH_FADE, so a
            // map under constant load keeps its colours instead of washing out to white.
            if (s.changeStamp()[i] != previousStamp[i] && !force && !reduceMotion && now - flashStart[i] >= FLASH_PERIOD) {
                flashStart[i] = now;
            }
            flash[i] = Math.max(0, 1 - (double) (now - flashStart[i]) / FLASH_FADE);
            flashing |= flash[i] > 0;
        }
        previousStamp = s.changeStamp().clone();
        last = s;
        paint(s);
        if (cursor >= 0) {
            // The cursor's folio may have changed (faults, zoom): say what it is now.
            describeCursor();
        }
        lastStampSum = sum;
    }


    private boolean reduceMotion;

    /** Turns fault flashes off (ui-brief: "reduce motion"). */
    void setReduceMotion(boolean reduce) {
        this.reduceMotion = reduce;
    }

    /** Paints into a pixel buffer and draws it once: cost follows the pixels, not the nodes. */
    private void paint(PageMapSummary s) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (!s.hasStructPages()) {
            g.setFill(Color.gray(0.45));
            g.setFont(Font.font(14));
            double y = 28;
            for (String line : s.unavailableReason().split("(?<=[;:.]) ")) {
                g.fillText(line, 16, y);
                y += 20;
            }
            title.setText(device + "  ·  no folio data");
            legend.setText("");
            heatLegend.setVisible(false);
            heatLegend.setManaged(false);
            return;
        }
        String by = colourBy.getValue();
        int max = 1;
        for (int i = 0; i < s.cells(); i++) {
            max = Math.max(max, value(s, i, by));
        }
        int cols = columns();
        // On a HiDPI screen the buffer has device pixels, so cell borders stay crisp lines.
        int px = renderScale();
        int cellPx = cell * px;
        int w = cols * cellPx;
        int h = ((s.cells() + cols - 1) / cols) * cellPx;
        if (image == null || (int) image.getWidth() != w || (int) image.getHeight() != h) {
            image = new javafx.scene.image.WritableImage(Math.max(1, w), Math.max(1, h));
            pixels = new int[Math.max(1, w * h)];
        }
        java.util.Arrays.fill(pixels, 0);
        double logMax = Math.log1p(Math.max(2, max));
        Color idleColour = Palette.dark(this) ? Palette.IDLE_DARK : Palette.IDLE;
        for (int i = 0; i < s.cells(); i++) {
            int x0 = (i % cols) * cellPx;
            int y0 = (i / cols) * cellPx;
            int v = value(s, i, by);
            boolean idle = s.maxMap()[i] == 0 && s.maxPin()[i] == 0 && s.maxRef()[i] <= 1;
            Color c = s.poisoned()[i] ? Palette.POISON : idle ? idleColour : Palette.viridis(Math.log1p(v) / logMax);
            if (flash[i] > 0) {
                c = c.interpolate(Color.WHITE, FLASH_STRENGTH * flash[i]);
            }
            if (!highlight.isEmpty() && !highlights(s, i)) {
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
        image.getPixelWriter().setPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), pixels, 0, w);
        g.drawImage(image, 12, 8, (double) w / px, (double) h / px);
        if (cursor >= 0 && cursor < s.cells()) {
            g.setStroke(Palette.dark(this) ? Color.WHITE : Color.BLACK);
            g.setLineWidth(2);
            g.strokeRect(12 + (cursor % cols) * cell - 1, 8 + (cursor / cols) * cell - 1, cell + 1, cell + 1);
        }
        title.setText(device + (s.derived() ? "  ·  DERIVED from mappings seen" : "") + "  ·  "
                + (s.zoomed() ? "folios " + Format.count(s.windowStart()) + "–" + Format.count(s.windowEnd() - 1) + " of " : "")
                + Format.count(s.folioCount()) + " folios of " + Format.size(s.folioSize())
                + "  ·  " + (s.foliosPerCell() <= 1 ? "one folio per cell" : String.format("%.0f folios per cell",
                s.foliosPerCell())));
        String derivedNote = "Derived, not read: the kernel's refcounts of device memory are not visible from user space "
                + "(R99). Each cell counts the /dev/dax mappings seen in /proc/PID/maps that cover it (map) and shows "
                + "ref = 1 + map; a mapped page need not have faulted yet.  ·  ";
        heatLegend.show(by, max, idleColour, s.derived());
        heatLegend.setVisible(true);
        heatLegend.setManaged(true);
        // Before the 6.15 seed commit a device-DAX mapping takes no folio reference: a busy device reads as idle.
        String pre615Note = !s.derived() && model.kernel().isPre615() ? "Kernel " + model.kernel().version()
                + " (before 6.15): device-DAX mappings take no folio reference or mapcount, so mapped pages read "
                + "ref 1, map 0 here; Processes lists their page-table entries.  ·  " : "";
        legend.setText((s.derived() ? derivedNote : "") + pre615Note + "Colour: the largest " + by + " in each cell, log scale"
                + (highlight.isEmpty() ? "" : "  ·  dimmed: not mapped by " + highlightLabel));
    }

    private static int argb(Color c) {
        return 0xff000000 | ((int) Math.round(c.getRed() * 255) << 16) | ((int) Math.round(c.getGreen() * 255) << 8)
                | (int) Math.round(c.getBlue() * 255);
    }

    private static int value(PageMapSummary s, int i, String by) {
        return switch (by) {
            case "mapcount" -> s.maxMap()[i];
            case "pins" -> s.maxPin()[i];
            default -> s.maxRef()[i];
        };
    }

    private String describe(double x, double y) {
        if (last == null || last.cells() == 0) {
            return "";
        }
        int col = (int) ((x - 12) / cell);
        int row = (int) ((y - 8) / cell);
        int i = row * columns() + col;
        return col < 0 || col >= columns() || i < 0 || i >= last.cells() ? "" : describeCell(i);
    }

    /** What the hover and the keyboard cursor say of cell {@code cell}. */
    private String describeCell(int cell) {
        long pgoff = last.cellBytes(cell)[0] >>> 12;
        if (last.derived()) {
            return device + " pgoff " + Format.hex(pgoff) + "\nmappings seen covering it: " + last.maxMap()[cell]
                    + "  (derived ref ≤ " + last.maxRef()[cell] + ")\nThe kernel's own counts are not visible from user "
                    + "space (R99); a mapping is not yet a fault.";
        }
        Optional<FolioInfo> f = source.folio(device, pgoff);
        if (f.isEmpty()) {
            return "no struct page";
        }
        FolioInfo fi = f.get();
        StringBuilder b = new StringBuilder();
        b.append(device).append(" folio ").append(Format.count(fi.folio())).append('\n')
                .append("pfn ").append(Format.hex(fi.pfn())).append("   pgoff ").append(Format.hex(fi.pgoff())).append('\n')
                .append("ref ").append(fi.refcount()).append("   map ").append(fi.mapcount()).append("   pin ")
                .append(fi.pinnedPages());
        if (fi.poisoned()) {
            b.append("\nHWPoison");
        }
        for (FolioInfo.Mapper m : fi.mappers()) {
            b.append('\n').append(m.process()).append(" (").append(m.pid()).append(") ").append(Format.hex(m.address()))
                    .append(' ').append(m.level());
        }
        if (last.foliosPerCell() > 1) {
            b.append("\n(cell summarises ").append(String.format("%.0f", last.foliosPerCell())).append(" folios; first shown — zoom in to see each)");
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ what is painted (tests)

    /** The colour painted at the centre of cell {@code i}, read back from the canvas as a person sees it. */
    int paintedArgb(int i) {
        int cols = columns();
        javafx.scene.image.WritableImage img = canvasPixels();
        return img.getPixelReader().getArgb(12 + (i % cols) * cell + cell / 2, 8 + (i / cols) * cell + cell / 2);
    }

    /** Cells painted with something other than the background, read back from the canvas. */
    long paintedCells() {
        javafx.scene.image.WritableImage img = canvasPixels();
        int cols = columns();
        long painted = 0;
        for (int i = 0; i < (long) cols * rows(); i++) {
            int x = 12 + (i % cols) * cell + cell / 2;
            int y = 8 + (i / cols) * cell + cell / 2;
            if (x < img.getWidth() && y < img.getHeight() && (img.getPixelReader().getArgb(x, y) >>> 24) != 0) {
                painted++;
            }
        }
        return painted;
    }

    /** The canvas as drawn, unpainted areas transparent. */
    private javafx.scene.image.WritableImage canvasPixels() {
        javafx.scene.SnapshotParameters p = new javafx.scene.SnapshotParameters();
        p.setFill(Color.TRANSPARENT);
        return canvas.snapshot(p, null);
    }

    String titleText() {
        return title.getText();
    }

    String legendText() {
        return heatLegend.text() + "\n" + legend.getText();
    }

    int cellPixels() {
        return cell;
    }

    EmptyStateView emptyState() {
        return empty;
    }
}
