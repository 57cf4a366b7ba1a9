package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.FolioInfo;
import dev.daxscope.source.sim.SimulatedSource;
import java.util.stream.LongStream;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A keyboard user zooms dax0.1's page map (2 MiB folios) to one folio per cell, puts the cursor
 * on a mapped folio, zooms on into its 512 pages — each page a cell, painted in the colour of its
 * counters — reads a page's refcount and mapcount under the map, and goes back with Esc (issue
 * 15: zoom stopped at one folio per cell, so a folio's pages could not be seen).
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class ZoomIntoFolioPagesJourney {
    private MainWindow window;
    private SimulatedSource source;

    @Start
    void start(Stage stage) {
        source = SimulatedSource.demo();
        window = TestStages.show(stage, source);
    }

    @Test
    void zoomToAFolioThenIntoItsPagesAndReadThemByKeyboard(FxRobot robot) {
        robot.interact(() -> window.tree().select("device:dax0.1"));
        Journeys.await(() -> window.pageMap().cellCount() > 0);
        PageMapView map = window.pageMap();
        Journeys.focusPageMap(robot, window);
        for (int i = 0; i < 10 && !map.titleText().contains("one folio per cell"); i++) {
            robot.type(KeyCode.EQUALS);
        }
        assertThat(map.titleText()).contains("one folio per cell");
        long[] shown = map.window();
        long mapped = LongStream.range(shown[0], shown[1]).filter(f -> source.folio("dax0.1", f * 512).orElseThrow()
                .mapcount() > 0).findFirst().orElseThrow(() -> new AssertionError("no mapped folio in " + shown[0] + "–"
                + shown[1]));
        for (long f = shown[0]; f <= mapped; f++) {
            robot.type(KeyCode.RIGHT);
        }
        assertThat(map.cursorText()).startsWith("dax0.1 folio " + String.format("%,d", mapped) + " ");

        // Zoom on: the folio under the cursor opens, each of its 512 pages a cell.
        robot.type(KeyCode.ENTER);
        assertThat(map.showsPages()).isTrue();
        assertThat(map.window()).containsExactly(mapped, mapped + 1);
        assertThat(map.titleText()).contains("folio " + String.format("%,d", mapped) + " (2 MiB): pages 0–511 of 512")
                .contains("one page per cell");
        assertThat(map.cellCount()).isEqualTo(512);
        assertThat(Journeys.onFx(map::paintedCells)).as("every page painted").isEqualTo(512);
        // A mapped folio's pages all read its refcount: one colour, not the idle grey.
        int idle = PageMapPainter.argb(Palette.IDLE);
        int first = Journeys.onFx(() -> map.paintedArgb(0));
        assertThat(first).isNotEqualTo(idle);
        assertThat(Journeys.onFx(() -> map.paintedArgb(511))).isEqualTo(first);

        // The cursor reads a page: its folio's refcount, and the entries mapping it.
        FolioInfo folio = source.folio("dax0.1", mapped * 512).orElseThrow();
        assertThat(folio.mappers()).as("the demo maps dax0.1 by PMD").allMatch(m -> m.level().equals("PMD"));
        robot.type(KeyCode.RIGHT);
        robot.type(KeyCode.RIGHT);
        assertThat(map.cursorText()).startsWith("dax0.1 folio " + String.format("%,d", mapped) + " page 1 of 512")
                .contains("pgoff " + Format.hex(folio.pgoff() + 1))
                .contains("ref " + folio.refcount() + "  map " + folio.mappers().size() + "  pin " + folio.pinnedPages());
        assertThat(map.legendText()).contains("A page's ref and pin are its folio's");

        robot.type(KeyCode.ESCAPE);
        assertThat(map.showsPages()).isFalse();
        assertThat(map.window()).containsExactly(shown[0], shown[1]);
    }
}
