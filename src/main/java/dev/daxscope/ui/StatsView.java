package dev.daxscope.ui;

import javafx.geometry.Insets;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * The stats view: one canvas drawing the view-model's {@link StatsHistory} (faults/s, mapped
 * folios, signals) as three stacked line plots, repainted once per sample. No chart nodes: a
 * sample costs three array stores and one repaint of ~1,500 line segments.
 */
final class StatsView extends BorderPane {
    private final InspectorViewModel model;
    private final Canvas canvas = new Canvas();
    private final Label title = new Label();

    StatsView(InspectorViewModel model) {
        this.model = model;
        getStyleClass().add("view");
        title.getStyleClass().add("view-title");
        title.setPadding(new Insets(8, 12, 8, 12));
        setTop(title);
        Pane holder = new Pane(canvas);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener((o, a, b) -> repaint());
        canvas.heightProperty().addListener((o, a, b) -> repaint());
        setCenter(holder);
        model.refreshMillisProperty().addListener((o, a, b) -> title.setText(titleText()));
        model.statusProperty().addListener((o, a, b) -> repaint());
        model.transitionProperty().addListener((o, a, b) -> repaint());
        title.setText(titleText());
    }

    String titleText() {
        long ms = model.refreshMillisProperty().get();
        return "Stats — the last " + Format.duration(ms * InspectorViewModel.HISTORY) + ", one sample every "
                + Format.duration(ms);
    }

    String title() {
        return title.getText();
    }

    void repaint() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (w < 10 || h < 10 || getScene() == null) {
            return;
        }
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        boolean dark = Palette.dark(this);
        Color text = dark ? Color.gray(0.85) : Color.gray(0.2);
        Color grid = dark ? Color.gray(0.3) : Color.gray(0.85);
        StatsHistory history = model.history();
        StatsHistory.Series[] all = StatsHistory.Series.values();
        double band = h / all.length;
        double left = 90;
        double right = 16;
        g.setFont(Font.font(12));
        for (int k = 0; k < all.length; k++) {
            StatsHistory.Series series = all[k];
            double top = k * band + 22;
            double bottom = (k + 1) * band - (k == all.length - 1 ? 20 : 10);
            // Mapped folios is a level, not a rate: its axis spans what it held, or a steady count is a flat line at the top.
            boolean level = series == StatsHistory.Series.MAPPED_FOLIOS;
            double min = level ? Math.floor(history.min(series)) : 0;
            double max = history.max(series);
            if (max - min < 1) {
                // A steady level is drawn across the middle, between one below and one above it.
                min = level ? Math.max(0, min - 1) : min;
                max = min + (level ? 2 : 1);
            }
            g.setFill(text);
            g.fillText(series.label + "   now " + Format.count(Math.round(history.latest(series))), left, top - 6);
            g.fillText(Format.count(Math.round(max)), 8, top + 10);
            g.fillText(Format.count(Math.round(min)), 8, bottom);
            g.setStroke(grid);
            g.setLineWidth(1);
            g.strokeLine(left, top, left, bottom);
            g.strokeLine(left, bottom, w - right, bottom);
            int n = history.size();
            if (n < 2) {
                continue;
            }
            double dx = (w - left - right) / (history.capacity() - 1);
            double x0 = w - right - (n - 1) * dx;
            g.setStroke(Palette.ACCENT);
            g.setLineWidth(1.5);
            g.beginPath();
            for (int i = 0; i < n; i++) {
                double y = bottom - (bottom - top) * (history.get(series, i) - min) / (max - min);
                if (i == 0) {
                    g.moveTo(x0, y);
                } else {
                    g.lineTo(x0 + i * dx, y);
                }
            }
            g.stroke();
        }
        timeLabels(g, text, w, h, left, right);
    }

    /** Under the last plot: how long ago its left edge is, and "now" at the right. */
    private void timeLabels(GraphicsContext g, Color text, double w, double h, double left, double right) {
        long span = model.refreshMillisProperty().get() * (model.history().capacity() - 1);
        g.setFill(text);
        g.fillText(Format.duration(span) + " ago", left, h - 2);
        g.fillText(Format.duration(span / 2) + " ago", left + (w - left - right) / 2 - 20, h - 2);
        g.fillText("now", w - right - 24, h - 2);
    }
}
