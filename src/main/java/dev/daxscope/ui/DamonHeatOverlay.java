package dev.daxscope.ui;

import dev.daxscope.model.damon.HeatFrame;
import dev.daxscope.model.damon.HeatSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/**
 * DAMON heat over the region map: a strip along the bottom of each band, one cell per memory
 * block, coloured by the block's size-weighted {@code nr_accesses} (viridis, 0 dark to the
 * monitor's maximum bright) where a monitor covers it; nothing where none does (device-DAX memory
 * is never covered). Painted as part of the map's one canvas pass, from the frame the time axis shows.
 */
final class DamonHeatOverlay {
    /** The strip's height in pixels. */
    static final double STRIP = 10;
    private final DamonHeatFeed feed;
    private final Label note = new Label();

    DamonHeatOverlay(DamonHeatFeed feed, Runnable repaint) {
        this.feed = feed;
        note.setId("region-map-heat-note");
        note.setWrapText(true);
        note.getStyleClass().add("legend");
        note.setPadding(new Insets(2, 12, 0, 12));
        feed.shownProperty().addListener((o, a, f) -> {
            note.setText(noteText(f));
            repaint.run();
        });
        note.setText(noteText(feed.shownProperty().get()));
    }

    /** The line under the map that says what the strip shows now. */
    Node note() {
        return note;
    }

    private static String noteText(HeatFrame f) {
        if (f == null) {
            return "DAMON heat: not read yet.";
        }
        String max = f.physical().stream().mapToLong(HeatSnapshot::maxNrAccesses).max().stream()
                .mapToObj(Long::toString).findFirst().orElse(null);
        String hidden = f.unobservable().isEmpty() ? "" : "  " + String.join(", ", f.unobservable().stream().map(u -> u.device())
                .toList()) + ": not observable by DAMON (ZONE_DEVICE), so no strip — not cold.";
        return max == null ? "DAMON heat: no monitor covers this memory (Memory tiers → Monitor node)." + hidden
                : "DAMON heat strip along each band's bottom: one cell per memory block, nr_accesses per aggregation interval,"
                + " dark 0 to bright " + max + "." + hidden;
    }

    /**
     * Paints the strip for physical range {@code [start, end)} in blocks of {@code block} bytes,
     * {@code xOf} placing an address, clipped to {@code [left, right]}, its bottom at {@code bottom}.
     */
    void paint(GraphicsContext g, long start, long end, long block, DoubleUnaryOperator xOf, double left, double right,
               double bottom) {
        HeatFrame f = feed.shownProperty().get();
        if (f == null || f.physical().isEmpty() || block <= 0) {
            return;
        }
        double[] heat = f.blockHeat(start, end, block);
        long first = Math.floorDiv(start, block);
        for (int b = 0; b < heat.length; b++) {
            if (Double.isNaN(heat[b])) {
                continue;
            }
            double x0 = Math.max(left, xOf.applyAsDouble(Math.max(start, (first + b) * block)));
            double x1 = Math.min(right, xOf.applyAsDouble(Math.min(end, (first + b + 1) * block)));
            if (x1 > x0) {
                g.setFill(colour(heat[b]));
                g.fillRect(x0, bottom - STRIP, Math.max(1, x1 - x0), STRIP);
            }
        }
    }

    /** The strip's colour for a heat of {@code t} (0..1 of the monitor's maximum nr_accesses). */
    static Color colour(double t) {
        return Palette.viridis(Math.max(0, Math.min(1, t)));
    }

    /** The key in DAMON's units: nr_accesses as a share of the maximum, and what age and idle time mean. */
    static Node key() {
        List<Node> swatches = new ArrayList<>();
        swatches.add(new Label("nr_accesses:"));
        for (int i = 0; i <= 4; i++) {
            Rectangle r = new Rectangle(14, 14, colour(i / 4.0));
            Label l = new Label(i == 0 ? "0" : i == 4 ? "max" : i * 25 + " %");
            l.getStyleClass().add("legend");
            HBox box = new HBox(4, r, l);
            box.setAlignment(Pos.CENTER_LEFT);
            swatches.add(box);
        }
        FlowPane scale = new FlowPane(10, 4);
        scale.getChildren().setAll(swatches);
        Label meaning = new Label("nr_accesses: in how many sampling intervals of one aggregation interval the region was found"
                + " accessed, 0 to max = aggr/sample (20 at DAMON's default 5 ms / 100 ms); hot: nr_accesses > 0.  age: aggregation"
                + " intervals a region kept its access frequency.  Idle time: (age + 1) aggregation intervals, negative while"
                + " accessed.");
        meaning.getStyleClass().add("legend");
        meaning.setWrapText(true);
        javafx.scene.layout.VBox key = new javafx.scene.layout.VBox(2, scale, meaning);
        key.setId("damon-key");
        return key;
    }
}
