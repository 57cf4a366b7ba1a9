package dev.daxscope.ui;

import dev.daxscope.model.FolioCounter;
import dev.daxscope.model.FolioInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.PageMapSummary;
import java.util.List;
import java.util.Locale;
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
 * summary once per frame (never from worker threads; {@link PageMapPainter} paints). Zoomed in
 * past one folio per cell it shows one folio's pages ({@link FolioPages}), each page a cell.
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
    private final ComboBox<FolioCounter> colourBy = new ComboBox<>();
    private final Tooltip hover = new Tooltip();
    private final PageMapPainter painter = new PageMapPainter(canvas, this);
    private final java.util.List<javafx.scene.control.Button> zoomButtons;
    private String device;
    private PageMapSummary last;
    private volatile long lastStampSum = -1;

    PageMapView(InspectorViewModel model, EmptyStateView empty) {
        this.model = model;
        this.source = model.source();
        this.empty = empty;
        this.window = new PageMapWindow(model::snapshot);
        getStyleClass().add("view");
        colourBy.getItems().addAll(FolioCounter.values());
        colourBy.setValue(FolioCounter.REFCOUNT);
        colourBy.setTooltip(new Tooltip("Which folio counter the colour shows"));
        colourBy.valueProperty().addListener((o, a, b) -> redraw(true));
        title.getStyleClass().add("view-title");
        zoomButtons = install(canvas, this::fractionAt, "the whole device");
        List<javafx.scene.Node> controls = new java.util.ArrayList<>(zoomButtons);
        controls.addAll(List.of(new Label("Colour by"), colourBy));
        // The title wraps, or the controls go under it, rather than squeezing either.
        ViewHeader header = new ViewHeader(title, controls.toArray(javafx.scene.Node[]::new));
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
        // Esc goes back from a folio's pages even while the hover shows (the tooltip would take the first Esc).
        hover.setHideOnEscape(false);
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
            } else if (e.getCode() == javafx.scene.input.KeyCode.ENTER && cursor >= 0 && !showsPages()) {
                openPages(cursor);
                e.consume();
            } else if ((e.getCode() == javafx.scene.input.KeyCode.ESCAPE || e.getCode() == javafx.scene.input.KeyCode.BACK_SPACE)
                    && showsPages()) {
                hover.hide();
                closePages();
                e.consume();
            }
        });
        cursorDetail.getStyleClass().add("legend");
        cursorDetail.setWrapText(true);
        cursorDetail.setPadding(new Insets(0, 12, 0, 12));
        cursorDetail.setManaged(false);
        cursorDetail.setVisible(false);
        setBottom(new javafx.scene.layout.VBox(cursorDetail, heatLegend, legend));
        // A click selects the cell under the pointer (the keyboard cursor); a double-click opens that folio's pages.
        canvas.setOnMouseClicked(e -> {
            canvas.requestFocus();
            // Both clicks of a double-click aim at the folio the first one selected, even if the
            // detail line it brought up moved the cells under the pointer.
            if (e.getClickCount() == 2 && cursor >= 0) {
                if (!showsPages()) {
                    openPages(cursor);
                }
                return;
            }
            int clicked = cellAt(e.getX(), e.getY());
            if (clicked < 0) {
                return;
            }
            cursor = clicked;
            describeCursor();
            paint(last);
        });
        model.transitionProperty().addListener((o, a, t) -> {
            // Another machine starts unzoomed; the same machine under another kernel keeps its zoom.
            setSource(t.source(), t.change() == InspectorViewModel.Change.NEW_KERNEL);
            showDevice(model.shownDeviceProperty().get());
        });
        model.shownDeviceProperty().addListener((o, a, name) -> showDevice(name));
        // Live again: drawn from a new read at once, so no "read again while paused" stays in the title.
        model.liveProperty().addListener((o, a, live) -> {
            if (live) {
                redraw(true);
            }
        });
        // A device resized, rebound or reconfigured under the map: draw what it is now.
        model.snapshotProperty().addListener((o, a, snap) -> {
            if (device == null) {
                explainAgainIfChanged(snap);
                return;
            }
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
    /** Said in the title when the cells were read while the window is paused; empty while live. */
    private String readWhilePaused = "";
    private final EmptyStateView empty;
    /** The regions and devices (with drivers) the empty state last explained. */
    private Object explainedState;

    /** With no device to draw, a scenario step or an edit may change why: the explanation follows the machine. */
    private void explainAgainIfChanged(dev.daxscope.model.MachineSnapshot snap) {
        // A simulated machine's generation moves with each statement a scenario runs (cheap to explain again).
        Object now = List.of(snap.regions().size(), snap.devices().stream().map(d -> d.name() + ":" + d.driver()).toList(),
                source.simulated() ? snap.generation() : 0L);
        if (!now.equals(explainedState)) {
            explainedState = now;
            empty.explain(source);
        }
    }
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

    // ------------------------------------------------------------------ zoom: a window of folios, or of a folio's pages

    private final PageMapWindow window;

    /**
     * Zooms by {@code factor} (2 = twice as close) keeping the folio at {@code fraction} of the
     * window where it is on screen; past one folio per cell, into the folio's pages.
     */
    @Override
    public void zoom(double factor, double fraction) {
        boolean inPages = window.pages() != null;
        long selected = cursorFolio();
        window.zoom(factor, fraction, last);
        zoomed(inPages, selected);
    }

    /** Moves the window by {@code fraction} of its width (negative: towards page offset 0). */
    @Override
    public void pan(double fraction) {
        long selected = cursorFolio();
        window.pan(fraction);
        zoomed(window.pages() != null, selected);
    }

    @Override
    public void fit() {
        boolean inPages = window.pages() != null;
        long selected = cursorFolio();
        window.fit();
        zoomed(inPages, selected);
    }

    /** The folio the cursor selects among the folios shown, -1 when none (or a folio's pages are shown). */
    private long cursorFolio() {
        return cursor < 0 || last == null || showsPages() ? -1 : last.windowStart() + (long) (cursor * last.foliosPerCell());
    }

    /**
     * After a zoom: the cursor goes when the map went into or out of a folio's pages; among folios
     * it stays on the folio it selected ({@code selected}), wherever that cell is now, or goes when it left the view.
     */
    private void zoomed(boolean wasInPages, long selected) {
        boolean inPages = window.pages() != null;
        if (wasInPages != inPages) {
            cursor = -1;
        }
        redraw(true);
        if (selected >= 0 && !inPages && last != null) {
            long cell = (long) Math.floor((selected - last.windowStart()) / last.foliosPerCell());
            cursor = cell >= 0 && cell < last.cells() ? (int) cell : -1;
            paint(last);
        }
        describeCursor();
    }

    /** The shown folios {from, to}; in a folio's pages, that one folio. */
    long[] window() {
        return window.folios(last);
    }

    /** Opens the pages of the folio in cell {@code cellIndex} (one folio per cell); a 4 KiB folio has none to open. */
    void openPages(int cellIndex) {
        if (last != null && window.openPages(last, cellIndex)) {
            zoomed(false, -1);
        }
    }

    /** Back from a folio's pages to the folios around it. */
    void closePages() {
        window.closePages();
        zoomed(true, -1);
    }

    /** Whether one folio's pages are shown. */
    boolean showsPages() {
        return window.pages() != null;
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
        int i = cellAt(x, y);
        return i < 0 ? 0.5 : (i + 0.5) / last.cells();
    }

    /** The cell under canvas point (x, y), -1 when off the cells. */
    private int cellAt(double x, double y) {
        if (last == null || last.cells() == 0 || x < PageMapPainter.LEFT || y < PageMapPainter.TOP) {
            return -1;
        }
        int col = (int) ((x - PageMapPainter.LEFT) / cell);
        int row = (int) ((y - PageMapPainter.TOP) / cell);
        int i = row * columns() + col;
        return col >= columns() || i >= last.cells() ? -1 : i;
    }

    /** The keys and the + and − buttons zoom around the selected cell, as the wheel zooms around the pointer. */
    @Override
    public double focusFraction() {
        return cursor >= 0 && last != null && cursor < last.cells() ? (cursor + 0.5) / last.cells() : 0.5;
    }

    /** The centre of cell {@code i} on the screen, where a person points at it (tests). */
    javafx.geometry.Point2D cellOnScreen(int i) {
        return canvas.localToScreen(PageMapPainter.LEFT + (i % columns() + 0.5) * cell, PageMapPainter.TOP + (i / columns() + 0.5) * cell);
    }

    /** Draws {@code source} from now on; nothing of the previous one is kept but, on request, the zoom. */
    private void setSource(DaxSource source, boolean keepZoom) {
        this.source = source;
        this.device = null;
        window.show(source, null, keepZoom);
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
            // Another device starts unzoomed; the same one on the same machine under another kernel keeps the window.
            window.show(source, name, device == null);
            window.closePages();
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
        // Nothing to zoom without a device.
        zoomButtons.forEach(b -> b.setDisable(nothing));
        if (nothing) {
            last = null;
            painter.clear();
            title.setText("No device to draw");
            legend.setText("");
            heatLegend.setVisible(false);
            heatLegend.setManaged(false);
            explainedState = null;
            explainAgainIfChanged(model.snapshot());
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
        long folios = window.shown();
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
    private boolean flashing;

    void forceRenderScale(int scale) {
        painter.forceRenderScale(scale);
        redraw(true);
    }

    /** The pixel buffer's size {width, height} as last painted. */
    int[] bufferSize() {
        return painter.bufferSize();
    }

    /** Called once per frame: fetches the summary and repaints when something changed or a flash fades. */
    void redraw(boolean force) {
        if (device == null || canvas.getWidth() < 10 || canvas.getHeight() < 10) {
            return;
        }
        if (force) {
            cell = cellSize();
            long folios = window.shown();
            while (cell > CELL && (long) columns() * rows() < folios) {
                cell--;
            }
        }
        PageMapSummary s = window.summary(columns() * rows());
        // Paused, only a zoom, a resize or another device redraws: what it shows was read now, not when paused.
        readWhilePaused = model.liveProperty().get() ? "" : "  ·  read again at " + java.time.LocalTime.now()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " while paused";
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

    /** Paints the cells, then says what they are: the title, the swatch key and the notes under the map. */
    private void paint(PageMapSummary s) {
        if (!s.hasStructPages()) {
            painter.paintUnavailable(s.unavailableReason());
            title.setText(device + "  ·  no folio data");
            legend.setText("");
            heatLegend.setVisible(false);
            heatLegend.setManaged(false);
            return;
        }
        FolioCounter by = colourBy.getValue();
        painter.paint(s, by, cell, columns(), flash, i -> !highlight.isEmpty() && !highlights(s, i), cursor);
        FolioPages pages = window.pages();
        title.setText(pages != null ? pagesTitle(pages, s) : device + (s.derived() ? "  ·  DERIVED from mappings seen" : "")
                + "  ·  " + (s.zoomed() ? "folios " + Format.count(s.windowStart()) + "–" + Format.count(s.windowEnd() - 1)
                + " of " : "") + Format.count(s.folioCount()) + " folios of " + Format.size(s.folioSize()) + "  ·  "
                + (s.foliosPerCell() <= 1 ? "one folio per cell" : String.format(Locale.ROOT, "%.0f folios per cell",
                s.foliosPerCell())) + readWhilePaused);
        String derivedNote = "Derived, not read: the kernel's refcounts of device memory are not visible from user space "
                + "(R99). Each cell counts the /dev/dax mappings seen in /proc/PID/maps that cover it (map) and shows "
                + "ref = 1 + map; a mapped page need not have faulted yet.  ·  ";
        heatLegend.show(by, painter.idleColour(), s.derived());
        heatLegend.setVisible(true);
        heatLegend.setManaged(true);
        // Before the 6.15 seed commit a device-DAX mapping takes no folio reference: a busy device reads as idle.
        String pre615Note = !s.derived() && model.kernel().isPre615() ? "Kernel " + model.kernel().version()
                + " (before 6.15): device-DAX mappings take no folio reference or mapcount, so mapped pages read "
                + "ref 1, map 0 here; Processes lists their page-table entries.  ·  " : "";
        String pagesNote = pages != null ? "A page's ref and pin are its folio's (page_count reads the head page);"
                + " its map counts the entries mapping the whole folio and the PTEs of that page.  ·  "
                : s.foliosPerCell() <= 1 && !s.derived() && s.folioSize() > FolioPages.PAGE
                ? "Click a folio to select it; double-click it or press Enter for its pages (+ zooms in around it).  ·  " : "";
        legend.setText((s.derived() ? derivedNote : "") + famfsNote() + pre615Note + pagesNote + "Colour: the largest " + by
                + " in each cell, log scale" + highlightNote(s));
    }

    /** What the dimming means, or that there is none: a process can map every folio shown. */
    private String highlightNote(PageMapSummary s) {
        if (highlight.isEmpty()) {
            return "";
        }
        long dimmed = java.util.stream.IntStream.range(0, s.cells()).filter(i -> !highlights(s, i)).count();
        return dimmed == 0 ? "  ·  " + highlightLabel + " maps every folio shown: nothing is dimmed"
                : "  ·  dimmed: " + Format.count(dimmed) + " cell" + (dimmed == 1 ? "" : "s") + " not mapped by " + highlightLabel;
    }

    /**
     * Why a famfs-mode device shows no mappings (R104): its file has no mmap, a filesystem reaches
     * the memory; and why its folios are 4 KiB whatever the align (R103).
     */
    private String famfsNote() {
        boolean famfs = model.snapshot().device(device).map(MachineSnapshot.DeviceInfo::famfs).orElse(false);
        return famfs ? "famfs mode (fsdev_dax): /dev/" + device + " cannot be mapped (mmap is ENODEV); a famfs filesystem"
                + " reaches this memory through the dax device, so no process maps it here. Its folios are order 0"
                + " (4 KiB) whatever the align; fs-dax builds larger ones on demand.  ·  " : "";
    }

    private String pagesTitle(FolioPages pages, PageMapSummary s) {
        FolioInfo f = pages.folio();
        long first = s.windowStart() - f.pgoff();
        return device + "  ·  folio " + Format.count(f.folio()) + " (" + Format.size(FolioPages.PAGE * pages.pages())
                + "): pages " + first + "–" + (s.windowEnd() - f.pgoff() - 1) + " of " + pages.pages() + "  ·  "
                + (s.foliosPerCell() <= 1 ? "one page per cell" : String.format(Locale.ROOT, "%.0f pages per cell", s.foliosPerCell()))
                + "  ·  Esc: back to the folios";
    }

    private String describe(double x, double y) {
        int i = cellAt(x, y);
        return i < 0 ? "" : describeCell(i);
    }

    /** What the hover and the keyboard cursor say of cell {@code cell}. */
    private String describeCell(int cell) {
        long pgoff = last.cellBytes(cell)[0] >>> 12;
        FolioPages pages = window.pages();
        if (pages != null) {
            return pages.describe((int) (pgoff - pages.folio().pgoff()));
        }
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
            b.append("\n(cell summarises ").append(String.format(Locale.ROOT, "%.0f", last.foliosPerCell())).append(" folios; first shown — zoom in to see each)");
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ what is painted (tests)

    /** The colour painted at the centre of cell {@code i}, read back from the canvas as a person sees it. */
    int paintedArgb(int i) {
        return painter.paintedArgb(i, cell, columns());
    }

    /** Cells painted with something other than the background, read back from the canvas. */
    long paintedCells() {
        return painter.paintedCells(cell, columns(), (long) columns() * rows());
    }

    String titleText() {
        return title.getText();
    }

    String legendText() {
        return heatLegend.text() + "\n" + legend.getText();
    }

    boolean hoverShowing() {
        return hover.isShowing();
    }

    int cellPixels() {
        return cell;
    }

    EmptyStateView emptyState() {
        return empty;
    }
}
