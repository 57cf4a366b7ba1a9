package dev.daxscope.ui;

import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.RangeInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.RegionKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/** Each region's physical address space as a band: device ranges in their colours, holes, memory-block grid. */
final class RegionMapView extends BorderPane implements Zoom {
    private final Canvas canvas = new Canvas();
    private final Pane holder = new Pane(canvas);
    private MachineSnapshot snap;
    private final Tooltip hover = new Tooltip();
    /** DAMON heat along the bands' bottoms; none until {@link #showHeat}. */
    private DamonHeatOverlay heat;
    /** Where each device range was drawn, for hover and click. */
    private final List<Band> bands = new ArrayList<>();
    private Consumer<String> onSelectDevice = name -> { };
    private String selectedDevice;

    private record Band(double x0, double x1, double top, double bottom, RegionInfo region, DeviceInfo device,
                        RangeInfo range) {
        boolean contains(double x, double y) {
            return x >= x0 && x < x1 && y >= top && y < bottom;
        }
    }

    private final Label title = new Label();
    private final Label zoomState = new Label();
    /** The shown part of every region's band, as fractions of its size: [viewFrom, viewFrom + viewSpan). */
    private double viewFrom;
    private double viewSpan = 1;
    /** Zooming in stops at 1/4096 of a region (a 2 MiB view of an 8 GiB region). */
    private static final double MIN_SPAN = 1.0 / 4096;

    private final EmptyStateView empty;
    private final List<javafx.scene.control.Button> zoomButtons;
    private final Label legend = new Label("Ticks under each band: the memory blocks kmem can online.  Under the selected"
            + " device: blue, the blocks system-ram would use whole; orange, what it would lose to block alignment (R84)."
            + "  Faded ranges belong to unbound devices; red marks are poisoned lines (R91).  Hover a range for its exact"
            + " addresses; click it to select its device (outlined).  Wheel or +/− zooms, PgUp/PgDn move, 0 fits.");
    private final SystemRamLinks links = new SystemRamLinks();
    private final javafx.scene.layout.VBox bottom;
    /** The machine state the empty state last explained (a source name and generation), so it is read once per change. */
    private Object explained;

    RegionMapView(EmptyStateView empty) {
        this.empty = empty;
        getStyleClass().add("view");
        title.getStyleClass().add("view-title");
        // The title wraps rather than squeezing the zoom buttons into "…".
        title.setWrapText(true);
        title.setMinWidth(0);
        title.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(title, Priority.ALWAYS);
        HBox header = new HBox(12, title);
        zoomButtons = install(canvas, (x, y) -> Math.max(0, Math.min(1, (x - 24) / (canvas.getWidth() - 48))),
                "whole regions");
        zoomButtons.forEach(b -> b.setMinWidth(javafx.scene.control.Button.USE_PREF_SIZE));
        header.getChildren().addAll(zoomButtons);
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        header.setPadding(new Insets(8, 12, 8, 12));
        header.getStyleClass().add("view-header");
        setTop(header);
        javafx.scene.layout.StackPane centre = new javafx.scene.layout.StackPane(holder, empty);
        javafx.scene.layout.StackPane.setAlignment(empty, javafx.geometry.Pos.TOP_LEFT);
        setCenter(centre);
        legend.getStyleClass().add("legend");
        legend.setWrapText(true);
        legend.setPadding(new Insets(6, 12, 8, 12));
        zoomState.getStyleClass().add("legend");
        zoomState.setPadding(new Insets(4, 12, 0, 12));
        bottom = new javafx.scene.layout.VBox(zoomState, links, legend);
        setBottom(bottom);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener((o, a, b) -> paint());
        canvas.heightProperty().addListener((o, a, b) -> paint());
        hover.setShowDelay(javafx.util.Duration.millis(150));
        Tooltip.install(canvas, hover);
        canvas.setOnMouseMoved(e -> hover.setText(describe(e.getX(), e.getY())));
        canvas.setOnMouseClicked(e -> {
            canvas.requestFocus();
            deviceAt(e.getX(), e.getY()).ifPresent(onSelectDevice);
        });
        paintTitle();
    }

    /** Zooms every band by {@code factor} around the point {@code fraction} (0..1) of the band's width. */
    @Override
    public void zoom(double factor, double fraction) {
        double anchor = viewFrom + viewSpan * fraction;
        double span = Math.max(MIN_SPAN, Math.min(1, viewSpan / factor));
        setView(anchor - span * fraction, span);
    }

    @Override
    public void pan(double fraction) {
        setView(viewFrom + viewSpan * fraction, viewSpan);
    }

    @Override
    public void fit() {
        setView(0, 1);
    }

    private void setView(double from, double span) {
        viewSpan = span;
        viewFrom = Math.max(0, Math.min(1 - span, from));
        paintTitle();
        paint();
    }

    /** The shown fraction {from, to} of each region. */
    double[] view() {
        return new double[] {viewFrom, viewFrom + viewSpan};
    }

    /**
     * The title stays one text; the zoom is said under the bands, so a zoom never re-wraps the
     * header and moves the bands from under the pointer (a narrow centre wrapped a longer title).
     */
    private void paintTitle() {
        title.setText("Region map — physical address space of every dax region");
        zoomState.setText(viewSpan < 1 ? String.format(java.util.Locale.ROOT, "Zoom ×%.0f: %.1f%%–%.1f%% of each region",
                1 / viewSpan, viewFrom * 100, (viewFrom + viewSpan) * 100) : "");
        zoomState.setVisible(viewSpan < 1);
        zoomState.setManaged(viewSpan < 1);
    }

    String zoomText() {
        return zoomState.getText();
    }

    void repaint() {
        paint();
    }

    /** Outlines the selected device's ranges. */
    void setSelectedDevice(String name) {
        selectedDevice = name;
        paint();
    }

    /** Called with the device name when the user clicks one of its ranges. */
    void setOnSelectDevice(Consumer<String> action) {
        onSelectDevice = action;
    }

    Optional<String> deviceAt(double x, double y) {
        return bands.stream().filter(b -> b.contains(x, y)).findFirst().map(b -> b.device().name());
    }

    /** The exact range under the pointer (hover text). */
    String describe(double x, double y) {
        return bands.stream().filter(b -> b.contains(x, y)).findFirst()
                .map(b -> b.device().name() + " mapping" + b.range().mappingId() + ": " + Format.hex(b.range().start())
                        + " – " + Format.hex(b.range().end()) + "  (" + Format.size(b.range().size()) + ", page_offset "
                        + Format.hex(b.range().pgoff()) + ")  ·  " + (b.device().bound() ? b.device().driver() : "unbound") + "  ·  click to select")
                .orElse("Hover a range for its exact addresses; click it to select its device");
    }

    javafx.geometry.Point2D toScreen(double x, double y) {
        return canvas.localToScreen(x, y);
    }

    /** The first drawn range of a device (tests aim the pointer with it). */
    Optional<double[]> centreOf(String device) {
        return bands.stream().filter(b -> b.device().name().equals(device)).findFirst()
                .map(b -> new double[] {(b.x0() + b.x1()) / 2, (b.top() + b.bottom()) / 2});
    }

    void show(MachineSnapshot s) {
        this.snap = s;
        boolean nothing = s.regions().isEmpty();
        empty.setVisible(nothing);
        empty.setManaged(nothing);
        legend.setVisible(!nothing);
        legend.setManaged(!nothing);
        // Nothing to zoom on a machine without regions.
        zoomButtons.forEach(b -> b.setDisable(nothing));
        Object state = List.of(s.source(), s.generation());
        if (nothing && !state.equals(explained)) {
            explained = state;
            empty.explainShown();
        }
        links.show(s);
        paint();
    }

    /**
     * Follows {@code model}: its machine and shown device; a click on a range selects the device and a
     * node link the node through {@code selectInTree} (a tree key); {@code tierOf} names a node's tier.
     */
    void follow(InspectorViewModel model, Consumer<String> selectInTree,
                java.util.function.IntFunction<Optional<String>> tierOf) {
        setOnSelectDevice(name -> selectInTree.accept("device:" + name));
        links.setOnSelectNode(node -> selectInTree.accept("node:" + node));
        links.setTierOf(tierOf);
        model.snapshotProperty().addListener((o, a, s) -> show(s));
        model.shownDeviceProperty().addListener((o, a, d) -> setSelectedDevice(d));
        show(model.snapshot());
        setSelectedDevice(model.shownDeviceProperty().get());
    }

    /** Where the heat strip over physical address {@code addr} is drawn, if a band shows that address (tests aim there). */
    Optional<double[]> heatStripPoint(long addr) {
        double w = canvas.getWidth() - 48;
        return bands.stream().filter(b -> b.range().start() <= addr && addr <= b.range().end()).findFirst()
                .map(b -> new double[] {xOf(addr, b.region(), w), b.bottom() - DamonHeatOverlay.STRIP / 2});
    }

    /** The colour painted at {@code (x, y)} of the map's canvas, as ARGB (tests). */
    int paintedArgb(double x, double y) {
        return canvas.snapshot(null, null).getPixelReader().getArgb((int) x, (int) y);
    }

    /** Draws DAMON heat from {@code feed} over the memory blocks, with its line under the map. */
    void showHeat(DamonHeatFeed feed) {
        heat = new DamonHeatOverlay(feed, this::paint);
        bottom.getChildren().add(1, heat.note());
        paint();
    }

    /** The system-ram devices' node and tier links: a click selects the node; {@code tierOf} names a node's tier. */
    SystemRamLinks links() {
        return links;
    }

    EmptyStateView emptyState() {
        return empty;
    }

    List<javafx.scene.control.Button> zoomButtons() {
        return zoomButtons;
    }

    String legendText() {
        return legend.getText();
    }

    private void paint() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        bands.clear();
        if (snap == null) {
            return;
        }
        double w = canvas.getWidth() - 48;
        double y = 24;
        long block = snap.memory().blockSize();
        boolean dark = Palette.dark(this);
        Color text = dark ? Color.web("#e6e9ef") : Color.gray(0.2);
        for (RegionInfo r : snap.regions()) {
            g.setFill(text);
            g.setFont(Font.font("System", javafx.scene.text.FontWeight.BOLD, 13));
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.BASELINE);
            String name = "region " + r.id() + " (" + r.kind() + (r.isStatic() ? ", static" : r.kind() == RegionKind.DYNAMIC
                    ? "" : ", dynamic") + (r.kmemDefault() ? ", kmem default" : "") + ")";
            String where = Format.hex(r.start()) + " – " + Format.hex(r.end()) + "  ·  " + Format.size(r.size())
                    + (r.availableSize() != null ? "  ·  available " + Format.size(r.availableSize()) : "");
            // In a narrow window the heading takes two lines rather than running off the canvas.
            if (textWidth(name + "  " + where, g.getFont()) <= w) {
                g.fillText(name + "  " + where, 24, y);
            } else {
                g.fillText(name, 24, y);
                y += 18;
                g.fillText(where, 24, y);
            }
            double top = y + 8;
            double h = 34;
            g.setFill(dark ? Color.web("#2b313d") : Color.web("#eef0f3"));
            g.fillRect(24, top, w, h);
            g.save();
            g.beginPath();
            g.rect(24, top - 1, w, h + 8);
            g.clip();
            for (DeviceInfo d : r.devices()) {
                Color c = Palette.device(d.name());
                for (RangeInfo range : d.ranges()) {
                    double x0 = xOf(range.start(), r, w);
                    double x1 = xOf(range.end() + 1, r, w);
                    if (x1 < 24 || x0 > 24 + w) {
                        continue;
                    }
                    x0 = Math.max(24, x0);
                    x1 = Math.min(24 + w, x1);
                    g.setFill(d.bound() ? c : c.deriveColor(0, 0.4, 1.1, 0.6));
                    g.fillRect(x0, top, Math.max(1, x1 - x0), h);
                    bands.add(new Band(x0, Math.max(x0 + 1, x1), top, top + h, r, d, range));
                    g.setFill(Color.WHITE);
                    g.setFont(Font.font(11));
                    if (x1 - x0 > 60) {
                        g.fillText(d.name() + " map" + range.mappingId(), x0 + 5, top + h / 2 + 4);
                    }
                }
            }
            if (heat != null) {
                heat.paint(g, r.start(), r.end() + 1, block, addr -> xOf((long) addr, r, w), 24, 24 + w, top + h);
            }
            g.setStroke(Color.gray(0.55, 0.6));
            g.setLineWidth(0.5);
            long firstBlock = (r.start() + block - 1) / block;
            // Block ticks once they are at least 3 px apart (zooming in brings them out).
            if (w * block / (r.size() * viewSpan) >= 3) {
                for (long b = firstBlock; b * block <= r.end() + 1; b++) {
                    double x = xOf(b * block, r, w);
                    if (x >= 24 && x <= 24 + w) {
                        g.strokeLine(x, top + h, x, top + h + 5);
                    }
                }
            }
            g.restore();
            paintPoison(g, r, w, top, h);
            paintSystemRamUse(g, r, block, w, top + h + 6);
            g.setStroke(Color.gray(0.4));
            g.strokeRect(24, top, w, h);
            g.setStroke(dark ? Color.WHITE : Color.gray(0.1));
            g.setLineWidth(2.5);
            for (Band b : bands) {
                if (b.region() == r && b.device().name().equals(selectedDevice)) {
                    g.strokeRect(b.x0() + 1.25, top + 1.25, b.x1() - b.x0() - 2.5, h - 2.5);
                }
            }
            y = top + h + 40;
        }
    }

    private static double textWidth(String text, Font font) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(text);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }

    /** A red mark at each poisoned 4K line (R91), at least 2 px wide so one bad line in a TiB stays visible. */
    private void paintPoison(GraphicsContext g, RegionInfo r, double w, double top, double h) {
        g.setFill(Palette.POISON);
        for (DeviceInfo d : r.devices()) {
            for (long line : d.poisoned()) {
                double x = xOf(line, r, w);
                if (x >= 24 && x <= 24 + w) {
                    g.fillRect(x - 1, top, Math.max(2, xOf(line + 4096, r, w) - x), h);
                    g.fillPolygon(new double[] {x - 5, x + 5, x}, new double[] {top - 7, top - 7, top - 1}, 3);
                }
            }
        }
    }

    /**
     * Under the selected device's ranges: the memory blocks a system-ram conversion would online
     * whole (accent) and the edges it would lose to block alignment (R84, orange).
     */
    private void paintSystemRamUse(GraphicsContext g, RegionInfo r, long block, double w, double y) {
        if (block <= 0) {
            return;
        }
        for (DeviceInfo d : r.devices()) {
            if (!d.name().equals(selectedDevice)) {
                continue;
            }
            for (RangeInfo range : d.ranges()) {
                double x0 = Math.max(24, xOf(range.start(), r, w));
                double x1 = Math.min(24 + w, xOf(range.end() + 1, r, w));
                g.setFill(Color.web("#e69f00"));
                g.fillRect(x0, y, Math.max(0, x1 - x0), 3);
                dev.daxscope.model.KmemAlignment.hotplugRange(range.start(), range.end(), block).ifPresent(used -> {
                    double u0 = Math.max(24, xOf(used[0], r, w));
                    double u1 = Math.min(24 + w, xOf(used[1] + 1, r, w));
                    g.setFill(Color.web("#0072b2"));
                    g.fillRect(u0, y, Math.max(0, u1 - u0), 3);
                });
            }
        }
    }

    /** The x of physical address {@code addr} in region {@code r}'s band under the current zoom. */
    private double xOf(long addr, RegionInfo r, double w) {
        return 24 + w * ((addr - r.start()) / (double) r.size() - viewFrom) / viewSpan;
    }
}
