package dev.daxscope.ui;

import dev.daxscope.model.FolioCounter;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/**
 * The page map's colour key as swatches: the counter's fixed scale (viridis, log) at a few values
 * from 1 to its top, then idle, poisoned, a PMD/PUD entry's border and a fault's flash —
 * for whichever counter colours the map.
 */
final class HeatLegend extends FlowPane {
    private List<Object> shown = List.of();

    HeatLegend() {
        super(14, 4);
        setPadding(new Insets(6, 12, 0, 12));
        getStyleClass().add("heat-legend");
    }

    /** Shows the key for colouring by {@code counter}, on the page map's fixed scale. */
    void show(FolioCounter counter, Color idle, boolean derived) {
        List<Object> state = List.of(counter, idle, derived);
        if (state.equals(shown)) {
            return;
        }
        shown = state;
        List<Node> items = new ArrayList<>();
        items.add(new Label(counter + ":"));
        for (int v : STEPS) {
            items.add(swatch(Palette.viridis(PageMapPainter.scaled(v)), null, v == PageMapPainter.SCALE_TOP ? v + " or more"
                    : Integer.toString(v)));
        }
        items.add(swatch(idle, null, "idle (ref 1, map 0)"));
        items.add(swatch(Palette.POISON, null, "poisoned"));
        items.add(swatch(Palette.viridis(0.5), Palette.viridis(0.5).deriveColor(0, 1, 0.45, 1), "PMD/PUD entry"));
        items.add(swatch(Palette.viridis(0.5).interpolate(Color.WHITE, 0.55), null, derived ? "mappings changed"
                : "just faulted"));
        getChildren().setAll(items);
    }

    /** The values the key shows, up to the scale's top. */
    private static final List<Integer> STEPS = List.of(1, 2, 3, 4, 8, PageMapPainter.SCALE_TOP);

    private static Node swatch(Color fill, Color border, String text) {
        Rectangle r = new Rectangle(14, 14, fill);
        if (border != null) {
            r.setStroke(border);
            r.setStrokeWidth(2.5);
        }
        Label l = new Label(text);
        l.getStyleClass().add("legend");
        HBox box = new HBox(5, r, l);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** What the key says, in order (tests). */
    String text() {
        StringBuilder b = new StringBuilder();
        for (Node n : getChildren()) {
            String t = n instanceof Label l ? l.getText() : ((Label) ((HBox) n).getChildren().get(1)).getText();
            b.append(b.isEmpty() ? "" : " · ").append(t);
        }
        return b.toString();
    }
}
