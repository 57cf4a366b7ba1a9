package dev.daxscope.ui;

import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.RangeInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/** Each region's physical address space as a band: device ranges in their colours, holes, memory-block grid. */
final class RegionMapView extends BorderPane {
    private final Canvas canvas = new Canvas();
    private final Pane holder = new Pane(canvas);
    private MachineSnapshot snap;
    private final Tooltip hover = new Tooltip();
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

    RegionMapView() {
        getStyleClass().add("view");
        Label title = new Label("Region map — physical address space of every dax region");
        title.getStyleClass().add("view-title");
        title.setPadding(new Insets(8, 12, 8, 12));
        setTop(title);
        setCenter(holder);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener((o, a, b) -> paint());
        canvas.heightProperty().addListener((o, a, b) -> paint());
        hover.setShowDelay(javafx.util.Duration.millis(150));
        Tooltip.install(canvas, hover);
        canvas.setOnMouseMoved(e -> hover.setText(describe(e.getX(), e.getY())));
        canvas.setOnMouseClicked(e -> deviceAt(e.getX(), e.getY()).ifPresent(onSelectDevice));
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
        paint();
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
        for (RegionInfo r : snap.regions()) {
            g.setFill(Color.gray(0.2));
            g.setFont(Font.font("System", javafx.scene.text.FontWeight.BOLD, 13));
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.BASELINE);
            g.fillText("region " + r.id() + " (" + r.kind() + (r.isStatic() ? ", static" : r.kind().equals("dynamic") ? ""
                    : ", dynamic") + (r.kmemDefault() ? ", kmem default" : "") + ")  " + Format.hex(r.start()) + " – " + Format.hex(r.end())
                    + "  ·  " + Format.size(r.size()) + (r.availableSize() != null ? "  ·  available "
                    + Format.size(r.availableSize()) : ""), 24, y);
            double top = y + 8;
            double h = 34;
            g.setFill(Color.web("#eef0f3"));
            g.fillRect(24, top, w, h);
            for (DeviceInfo d : r.devices()) {
                Color c = Palette.device(d.name());
                for (RangeInfo range : d.ranges()) {
                    double x0 = 24 + w * (range.start() - r.start()) / (double) r.size();
                    double x1 = 24 + w * (range.end() + 1 - r.start()) / (double) r.size();
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
            g.setStroke(Color.gray(0.55, 0.6));
            g.setLineWidth(0.5);
            long firstBlock = (r.start() + block - 1) / block;
            for (long b = firstBlock; b * block <= r.end() + 1; b++) {
                double x = 24 + w * (b * block - r.start()) / (double) r.size();
                if (r.size() / block <= 256) {
                    g.strokeLine(x, top + h, x, top + h + 5);
                }
            }
            g.setStroke(Color.gray(0.4));
            g.strokeRect(24, top, w, h);
            g.setStroke(Color.gray(0.1));
            g.setLineWidth(2.5);
            for (Band b : bands) {
                if (b.region() == r && b.device().name().equals(selectedDevice)) {
                    g.strokeRect(b.x0() + 1.25, top + 1.25, b.x1() - b.x0() - 2.5, h - 2.5);
                }
            }
            y = top + h + 40;
        }
        g.setFill(Color.gray(0.35));
        g.setFont(Font.font(12));
        g.fillText("Ticks under each band: " + Format.size(block) + " memory blocks (what kmem can online).  "
                + "Faded ranges belong to unbound devices.", 24, y);
        g.fillText("Hover a range for its exact addresses; click it to select its device (outlined).", 24, y + 18);
    }
}
