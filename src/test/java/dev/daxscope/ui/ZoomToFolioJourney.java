package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.FolioInfo;
import dev.daxscope.source.sim.SimulatedSource;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A keyboard user zooms the page map of a 131,072-folio device down to one folio per cell, the
 * cells growing to fill the view (issue 15: cells kept their size and the map went ~90 % blank),
 * and reads a folio's counters with the arrow keys.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class ZoomToFolioJourney {
    private MainWindow window;
    private SimulatedSource source;

    @Start
    void start(Stage stage) {
        source = SimulatedSource.demo();
        window = TestStages.show(stage, source);
    }

    @Test
    void zoomToOneFolioPerCellAndReadItsCountersByKeyboard(FxRobot robot) {
        robot.interact(() -> window.tree().select("device:dax0.2"));
        Journeys.await(() -> window.pageMap().cellCount() > 0);
        assertThat(window.pageMap().titleText()).contains("131,072 folios").contains("folios per cell");
        Journeys.focusPageMap(robot, window);
        for (int i = 0; i < 20 && !window.pageMap().titleText().contains("one folio per cell"); i++) {
            robot.type(KeyCode.EQUALS);
        }
        assertThat(window.pageMap().titleText()).contains("one folio per cell");
        // On, as far as zoom goes: the cells keep growing and the map stays filled.
        long[] before;
        do {
            before = window.pageMap().window();
            robot.type(KeyCode.EQUALS);
        } while (window.pageMap().window()[1] - window.pageMap().window()[0] < before[1] - before[0]);
        assertThat(window.pageMap().titleText()).contains("one folio per cell");
        int cell = window.pageMap().cellPixels();
        long painted = Journeys.onFx(() -> window.pageMap().paintedCells());
        double canvasArea = Journeys.onFx(() -> window.pageMap().lookup("Canvas").getLayoutBounds().getWidth()
                * window.pageMap().lookup("Canvas").getLayoutBounds().getHeight());
        assertThat(painted * cell * cell / canvasArea).as("share of the map the cells cover").isGreaterThan(0.5);

        robot.type(KeyCode.RIGHT);
        long[] shown = window.pageMap().window();
        FolioInfo first = source.folio("dax0.2", shown[0]).orElseThrow();
        assertThat(window.pageMap().cursorText()).startsWith("dax0.2 folio " + String.format("%,d", shown[0]) + " ")
                .contains("ref " + first.refcount() + "  map " + first.mapcount());
        assertThat(window.pageMap().cursorText()).doesNotContain("cell summarises");
    }
}
