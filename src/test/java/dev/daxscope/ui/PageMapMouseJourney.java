package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person uses the page map with the mouse (issue 24): a click selects the folio under the
 * pointer and says what it is; Enter, "+" and a double-click open the pages of the folio chosen,
 * not the middle one; the first Esc goes back even while the hover's tooltip shows. Selecting a
 * process that maps the whole device says that nothing is dimmed; one of its mappings dims the rest.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class PageMapMouseJourney {
    private MainWindow window;
    private PageMapView map;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
        map = window.pageMap();
    }

    private void showDax01(FxRobot robot) {
        robot.interact(() -> window.tree().select("device:dax0.1"));
        Journeys.await(() -> map.cellCount() == 1024 && map.titleText().contains("one folio per cell"));
    }

    private void clickFolio(FxRobot robot, int folio) {
        robot.clickOn(Journeys.onFx(() -> map.cellOnScreen(folio)));
        Journeys.await(() -> map.cursor() == folio);
    }

    @Test
    void aClickSelectsTheFolioUnderThePointerAndEnterPlusOrADoubleClickOpenIt(FxRobot robot) {
        showDax01(robot);
        assertThat(map.legendText()).contains("Click a folio to select it; double-click it or press Enter for its pages (+ zooms in around it)");

        clickFolio(robot, 300);
        assertThat(map.cursorText()).startsWith("dax0.1 folio 300 ");
        robot.type(KeyCode.ENTER);
        Journeys.await(map::showsPages);
        assertThat(map.window()).containsExactly(300, 301);

        // The pointer rests on the map, its tooltip shows; the first Esc goes back all the same.
        robot.moveTo(Journeys.onFx(() -> map.cellOnScreen(5)));
        Journeys.await(() -> map.hoverShowing());
        robot.type(KeyCode.ESCAPE);
        Journeys.await(() -> !map.showsPages());

        // "+" zooms in around the folio clicked, keeping it selected, until it shows that folio's pages.
        clickFolio(robot, 40);
        for (int i = 0; i < 12 && !Journeys.onFx(map::showsPages); i++) {
            robot.type(KeyCode.EQUALS);
            if (!Journeys.onFx(map::showsPages)) {
                assertThat(map.cursorText()).as("still the folio clicked").startsWith("dax0.1 folio 40 ");
            }
        }
        assertThat(map.window()).as("+ opens the folio clicked, not the middle one").containsExactly(40, 41);
        robot.type(KeyCode.ESCAPE);
        Journeys.await(() -> !map.showsPages());
        robot.type(KeyCode.DIGIT0);
        Journeys.await(() -> map.window()[0] == 0 && map.window()[1] == 1024 && !map.titleText().contains("folios 0–"));
        // The header lays out its shorter title again (the cells move): aim once the window has settled.
        TestStages.settleFx();

        robot.doubleClickOn(Journeys.onFx(() -> map.cellOnScreen(41)), MouseButton.PRIMARY);
        Journeys.await(map::showsPages);
        assertThat(map.window()).containsExactly(41, 42);
    }

    @Test
    void aProcessMappingTheWholeDeviceDimsNothingAndSaysSo(FxRobot robot) {
        showDax01(robot);
        robot.clickOn("Processes");
        Journeys.clickProcessRow(robot, "db (pid ");
        robot.clickOn("Page map");
        int last = 1023;
        Journeys.await(() -> map.legendText().contains("db (pid 1000) maps every folio shown: nothing is dimmed"));
        assertThat(Journeys.onFx(() -> map.highlighted(last))).isTrue();
        assertThat(map.legendText()).doesNotContain("dimmed: ");

        // One of its mappings (256 MiB at 512 MiB) dims the rest, and the key counts what it dims.
        robot.clickOn("Processes");
        long mappingB = Journeys.onFx(() -> window.model().snapshotProperty().get().processes().stream()
                .filter(p -> p.name().equals("db")).flatMap(p -> p.vmas().stream())
                .filter(v -> v.end() - v.start() == 256L << 20).findFirst().orElseThrow().start());
        Journeys.clickProcessRow(robot, Format.hex(mappingB));
        robot.clickOn("Page map");
        Journeys.await(() -> map.legendText().contains("dimmed: 896 cells not mapped by db at "));
        int dimmedArgb = Journeys.onFx(() -> map.paintedArgb(last));
        int litArgb = Journeys.onFx(() -> map.paintedArgb(300));
        assertThat(dimmedArgb).as("an idle folio outside the mapping is painted dimmed").isNotEqualTo(litArgb)
                .isNotEqualTo(PageMapPainter.argb(Palette.IDLE));
    }
}
