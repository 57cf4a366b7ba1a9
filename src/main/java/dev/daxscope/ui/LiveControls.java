package dev.daxscope.ui;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;

/**
 * Live / paused: the toolbar's toggle and the PAUSED badge over the views. They, and the refresh
 * interval, mean something only for a machine that changes: a snapshot shows none of them.
 */
final class LiveControls {
    private static final String LIVE = "● Live";
    private static final String PAUSED = "❚❚ Paused";
    private final ToggleButton live = new ToggleButton(LIVE);
    private final Label pausedBadge = new Label("PAUSED");
    private final InspectorViewModel model;
    private final Node interval;

    LiveControls(InspectorViewModel model, Node interval) {
        this.model = model;
        this.interval = interval;
        live.selectedProperty().bindBidirectional(model.liveProperty());
        live.getStyleClass().add("live-toggle");
        // As wide live as paused: a wider label must not shift the toolbar under the pointer.
        live.minWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(() -> Math.max(
                TextFit.width(LIVE, live.getFont()), TextFit.width(PAUSED, live.getFont())) + live.snappedLeftInset()
                + live.snappedRightInset() + 2, live.fontProperty(), live.paddingProperty()));
        live.setTooltip(new Tooltip("Live updates (Space toggles)"));
        pausedBadge.getStyleClass().add("paused-badge");
        pausedBadge.setMouseTransparent(true);
        model.liveProperty().addListener((o, a, b) -> show(b));
        model.transitionProperty().addListener((o, a, t) -> show(model.liveProperty().get()));
        show(true);
    }

    private void show(boolean isLive) {
        boolean changes = model.source().changes();
        live.setText(isLive ? LIVE : PAUSED);
        live.setVisible(changes);
        live.setManaged(changes);
        interval.setVisible(changes);
        interval.setManaged(changes);
        pausedBadge.setVisible(changes && !isLive);
    }

    ToggleButton toggle() {
        return live;
    }

    Label pausedBadge() {
        return pausedBadge;
    }
}
