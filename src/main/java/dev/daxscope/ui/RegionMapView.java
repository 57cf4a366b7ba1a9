package dev.daxscope.ui;

import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.RangeInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
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
    }

    void show(MachineSnapshot s) {
        this.snap = s;
        paint();
    }

    private void paint() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
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
            y = top + h + 40;
        }
        g.setFill(Color.gray(0.35));
        g.setFont(Font.font(12));
        g.fillText("Ticks under each band: " + Format.size(block) + " memory blocks (what kmem can online).  "
                + "Faded ranges belong to unbound devices.", 24, y);
    }
}
