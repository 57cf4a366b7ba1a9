package dev.daxscope.ui;

import dev.daxscope.model.FolioInfo;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.PageMapSummary;
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
final class PageMapView extends BorderPane {
    private static final int CELL = 6;
    private final DaxSource source;
    private final Canvas canvas = new Canvas();
    private final Pane canvasHolder = new Pane(canvas);
    private final Label title = new Label("Select a device in the tree");
    private final Label legend = new Label();
    private final ComboBox<String> colourBy = new ComboBox<>();
    private final Tooltip hover = new Tooltip();
    private String device;
    private PageMapSummary last;
    private long lastStampSum = -1;

    PageMapView(DaxSource source) {
        this.source = source;
        getStyleClass().add("view");
        colourBy.getItems().addAll("refcount", "mapcount", "pins");
        colourBy.setValue("refcount");
        colourBy.setTooltip(new Tooltip("Which folio counter the colour shows"));
        colourBy.valueProperty().addListener((o, a, b) -> redraw(true));
        title.getStyleClass().add("view-title");
        HBox header = new HBox(12, title, spacer(), new Label("Colour by"), colourBy);
        header.setPadding(new Insets(8, 12, 8, 12));
        header.getStyleClass().add("view-header");
        setTop(header);
        legend.getStyleClass().add("legend");
        legend.setPadding(new Insets(6, 12, 8, 12));
        setBottom(legend);
        setCenter(canvasHolder);
        canvas.widthProperty().bind(canvasHolder.widthProperty());
        canvas.heightProperty().bind(canvasHolder.heightProperty());
        canvas.widthProperty().addListener((o, a, b) -> redraw(true));
        canvas.heightProperty().addListener((o, a, b) -> redraw(true));
        Tooltip.install(canvas, hover);
        canvas.setOnMouseMoved(e -> hover.setText(describe(e.getX(), e.getY())));
    }

    private static Pane spacer() {
        Pane p = new Pane();
        HBox.setHgrow(p, Priority.ALWAYS);
        return p;
    }

    void showDevice(String name) {
        this.device = name;
        lastStampSum = -1;
        redraw(true);
    }

    String device() {
        return device;
    }

    private int columns() {
        return Math.max(1, (int) ((canvas.getWidth() - 24) / CELL));
    }

    private int rows() {
        return Math.max(1, (int) ((canvas.getHeight() - 16) / CELL));
    }

    /** Called once per frame: fetches the summary and repaints when something changed. */
    void redraw(boolean force) {
        if (device == null || canvas.getWidth() < 10 || canvas.getHeight() < 10) {
            return;
        }
        PageMapSummary s = source.pageMap(device, columns() * rows());
        long sum = 0;
        for (long v : s.changeStamp()) {
            sum += v;
        }
        if (!force && sum == lastStampSum && last != null && last.cells() == s.cells()) {
            return;
        }
        lastStampSum = sum;
        last = s;
        paint(s);
    }

    private void paint(PageMapSummary s) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.TRANSPARENT);
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (!s.hasStructPages()) {
            g.setFill(Color.gray(0.45));
            g.setFont(Font.font(14));
            g.fillText(device + " has no struct pages: it is not bound to device_dax.", 16, 28);
            title.setText(device + "  ·  no struct pages");
            legend.setText("");
            return;
        }
        String by = colourBy.getValue();
        int max = 1;
        for (int i = 0; i < s.cells(); i++) {
            max = Math.max(max, value(s, i, by));
        }
        int cols = columns();
        for (int i = 0; i < s.cells(); i++) {
            double x = 12 + (i % cols) * CELL;
            double y = 8 + (i / cols) * CELL;
            int v = value(s, i, by);
            boolean idle = s.maxMap()[i] == 0 && s.maxPin()[i] == 0 && s.maxRef()[i] <= 1;
            Color c = s.poisoned()[i] ? Palette.POISON : idle ? Palette.IDLE
                    : Palette.viridis(Math.log1p(v) / Math.log1p(Math.max(2, max)));
            g.setFill(c);
            g.fillRect(x, y, CELL - 1, CELL - 1);
            if (s.level()[i] >= 2) {
                g.setStroke(s.level()[i] == 3 ? Color.web("#111") : Color.web("#555"));
                g.setLineWidth(s.level()[i] == 3 ? 1.2 : 0.6);
                g.strokeRect(x + 0.5, y + 0.5, CELL - 2, CELL - 2);
            }
        }
        title.setText(device + "  ·  " + Format.count(s.folioCount()) + " folios of " + Format.size(s.folioSize())
                + "  ·  " + String.format("%.0f", s.foliosPerCell()) + " per cell");
        legend.setText("Colour: largest " + by + " in the cell (viridis, log scale, max " + max + ")   ·   grey: idle "
                + "(ref 1, map 0)   ·   red: poisoned   ·   dark border: PMD/PUD entries");
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
        int col = (int) ((x - 12) / CELL);
        int row = (int) ((y - 8) / CELL);
        int cell = row * columns() + col;
        if (col < 0 || col >= columns() || cell < 0 || cell >= last.cells()) {
            return "";
        }
        long folio = (long) (cell * (last.folioCount() / (double) last.cells()));
        long pgoff = folio * (last.folioSize() >>> 12);
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
            b.append("\n(cell summarises ").append(String.format("%.0f", last.foliosPerCell())).append(" folios; first shown)");
        }
        return b.toString();
    }
}
