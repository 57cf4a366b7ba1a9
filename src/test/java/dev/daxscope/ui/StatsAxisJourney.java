package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person opens Stats on the quiet demo: its mapped folios hold steady, and the line is drawn
 * inside its plot with the count on the axis, not flat along the plot's top edge on a 0-based axis.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class StatsAxisJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
        window.start();
    }

    @Test
    void aSteadyCountIsDrawnInsideItsPlot(FxRobot robot) {
        try {
            robot.clickOn("Stats");
            Journeys.await(() -> window.model().history().size() >= 3);
            Canvas canvas = Journeys.onFx(() -> robot.lookup(".view Canvas").queryAllAs(Canvas.class).stream()
                    .filter(c -> c.getParent() != null && c.getParent().getParent() instanceof StatsView).findFirst().orElseThrow());
            int accent = PageMapPainter.argb(Palette.ACCENT);
            Journeys.await(() -> {
                WritableImage img = canvas.snapshot(null, null);
                double band = img.getHeight() / StatsHistory.Series.values().length;
                int x = (int) img.getWidth() - 20;
                // The mapped-folios plot: the second band, between its title line and its axis.
                int top = (int) (band + 22);
                int bottom = (int) (2 * band - 10);
                for (int y = top; y <= bottom; y++) {
                    if (near(img.getPixelReader().getArgb(x, y), accent)) {
                        return y > top + 4 && y < bottom - 4;
                    }
                }
                return false;
            });
            assertThat(window.model().history().latest(StatsHistory.Series.MAPPED_FOLIOS)).isPositive();
        } finally {
            robot.interact(window::stop);
        }
    }

    /** The line's colour, allowing for the blending of its anti-aliased edge. */
    private static boolean near(int argb, int accent) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            d += Math.abs(((argb >> shift) & 0xff) - ((accent >> shift) & 0xff));
        }
        return d < 90;
    }
}
