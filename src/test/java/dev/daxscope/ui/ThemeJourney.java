package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person switches between the light and the dark theme with the toolbar's button and looks at
 * the page map and the region map in each: idle cells and the key's idle swatch take the
 * theme's grey, the region bands their background, and every label of the views stays readable
 * on what is behind it (WCAG contrast at least 4.5:1).
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class ThemeJourney {
    private MainWindow window;
    private SimulatedSource source;

    @Start
    void start(Stage stage) {
        source = SimulatedSource.demo();
        window = TestStages.show(stage, source);
    }

    @Test
    void bothThemesPaintTheirOwnColoursAndKeepTextReadable(FxRobot robot) {
        robot.interact(() -> window.tree().select("device:dax0.1"));
        Journeys.await(() -> window.pageMap().cellCount() > 0);
        assertThat(window.pageMap().titleText()).contains("one folio per cell");
        int idleCell = IntStream.range(0, 1024).filter(f -> {
            var folio = source.folio("dax0.1", f * 512L).orElseThrow();
            return folio.mapcount() == 0 && folio.refcount() <= 1 && folio.pinnedPages() == 0;
        }).findFirst().orElseThrow();

        looksLike(robot, Palette.IDLE, Color.web("#eef0f3"), idleCell);
        robot.interact(() -> robot.lookup("Dark").queryButton().fire());
        assertThat(window.root().getStyleClass()).contains("dark");
        looksLike(robot, Palette.IDLE_DARK, Color.web("#2b313d"), idleCell);
        robot.interact(() -> robot.lookup("Light").queryButton().fire());
        looksLike(robot, Palette.IDLE, Color.web("#eef0f3"), idleCell);
    }

    private void looksLike(FxRobot robot, Color idle, Color band, int idleCell) {
        robot.interact(() -> window.showView("page-map"));
        TestStages.settle(window);
        PageMapView map = window.pageMap();
        assertThat(Journeys.onFx(() -> map.paintedArgb(idleCell))).as("an idle cell")
                .isEqualTo(PageMapPainter.argb(idle));
        assertThat(Journeys.onFx(() -> swatchFills(map))).as("the key's swatches").contains(idle);
        assertThat(Journeys.onFx(() -> unreadable(map))).as("labels below 4.5:1 on the page map").isEmpty();

        robot.interact(() -> window.showView("region-map"));
        TestStages.settle(window);
        RegionMapView regions = window.regionMap();
        double[] at = regions.centreOf("dax0.1").orElseThrow();
        // Just right of the band's left edge: the region's background where no device range lies, or the range.
        assertThat(Journeys.onFx(() -> regionPixel(regions, regions.getWidth() - 40, at[1]))).as("a region band's background")
                .isEqualTo(PageMapPainter.argb(band));
        assertThat(Journeys.onFx(() -> unreadable(regions))).as("labels below 4.5:1 on the region map").isEmpty();
    }

    private static int regionPixel(RegionMapView regions, double x, double y) {
        var canvas = regions.lookup("Canvas");
        var p = new javafx.scene.SnapshotParameters();
        p.setFill(Color.TRANSPARENT);
        return canvas.snapshot(p, null).getPixelReader().getArgb((int) x, (int) y);
    }

    private static List<Color> swatchFills(Node root) {
        return root.lookupAll(".heat-legend Rectangle").stream().map(n -> (Color) ((Rectangle) n).getFill()).toList();
    }

    /** The visible labels and buttons under {@code root} whose text contrasts less than 4.5:1 with what is behind it. */
    private static List<String> unreadable(Parent root) {
        List<String> out = new ArrayList<>();
        int checked = 0;
        List<Node> texts = new ArrayList<>(root.lookupAll(".label"));
        texts.addAll(root.lookupAll(".hyperlink"));
        for (Node n : texts) {
            if (n instanceof Labeled l && l.isVisible() && !l.getText().isBlank() && l.getTextFill() instanceof Color fill) {
                checked++;
                double ratio = contrast(fill, behind(l));
                if (ratio < 4.5) {
                    out.add(String.format("%s (%.1f:1)", l.getText().lines().findFirst().orElse(""), ratio));
                }
            }
        }
        assertThat(checked).as("labels checked").isGreaterThan(3);
        return out;
    }

    /** The first opaque background colour at or above {@code node}. */
    private static Color behind(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n instanceof Region r && r.getBackground() != null) {
                Background b = r.getBackground();
                for (int i = b.getFills().size() - 1; i >= 0; i--) {
                    if (b.getFills().get(i).getFill() instanceof Color c && c.getOpacity() > 0.99) {
                        return c;
                    }
                }
            }
        }
        return Color.WHITE;
    }

    private static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * channel(c.getRed()) + 0.7152 * channel(c.getGreen()) + 0.0722 * channel(c.getBlue());
    }

    private static double channel(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
