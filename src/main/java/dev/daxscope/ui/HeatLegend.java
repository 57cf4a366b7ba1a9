package dev.daxscope.ui;

import dev.daxscope.model.FolioCounter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/**
 * The page map's colour key as swatches: the counter's scale (viridis, log) at a few values from
 * 1 to the largest shown, then idle, poisoned, a PMD/PUD entry's border and a fault's flash —
 * for whichever counter colours the map.
 */
final class HeatLegend extends FlowPane {
    private List<Object> shown = List.of();

    HeatLegend() {
        super(14, 4);
        setPadding(new Insets(6, 12, 0, 12));
        getStyleClass().add("heat-legend");
    }

    /** Shows the key for colouring by {@code counter} with values up to {@code max}. */
    void show(FolioCounter counter, int max, Color idle, boolean derived) {
        List<Object> state = List.of(counter, max, idle, derived);
        if (state.equals(shown)) {
            return;
        }
        shown = state;
        List<Node> items = new ArrayList<>();
        items.add(new Label(counter + ":"));
        double logMax = Math.log1p(Math.max(2, max));
        for (int v : steps(max)) {
            items.add(swatch(Palette.viridis(Math.log1p(v) / logMax), null, Integer.toString(v)));
        }
        items.add(swatch(idle, null, "idle (ref 1, map 0)"));
        items.add(swatch(Palette.POISON, null, "poisoned"));
        items.add(swatch(Palette.viridis(0.5), Palette.viridis(0.5).deriveColor(0, 1, 0.45, 1), "PMD/PUD entry"));
        items.add(swatch(Palette.viridis(0.5).interpolate(Color.WHITE, 0.55), null, derived ? "mappings changed"
                : "just faulted"));
        getChildren().setAll(items);
    }

    /** 1, the largest value, and up to three values between on the log scale. */
    static List<Integer> steps(int max) {
        Set<Integer> out = new LinkedHashSet<>();
        out.add(1);
        for (int i = 1; i <= 3; i++) {
            out.add((int) Math.round(Math.exp(Math.log(Math.max(1, max)) * i / 4.0)));
        }
        out.add(Math.max(1, max));
        return new ArrayList<>(out);
    }

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
