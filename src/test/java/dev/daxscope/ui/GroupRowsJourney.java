package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import dev.daxscope.source.linux.Snapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.control.TreeCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person clicks the tree's grouping rows: "Memory blocks" shows the hot-plug settings and how
 * all the blocks stand, "Could not read (1)" shows what could not be read, whole; the status
 * line counts "1 warning".
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class GroupRowsJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    private static void clickRow(FxRobot robot, String start) {
        Journeys.await(() -> robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .anyMatch(c -> c.getText() != null && c.getText().startsWith(start)));
        TreeCell<?> row = Journeys.onFx(() -> robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> c.getText() != null && c.getText().startsWith(start)).findFirst().orElseThrow());
        robot.clickOn(robot.point(row).atPosition(Pos.CENTER_LEFT).atOffset(new Point2D(60, 0)));
    }

    @Test
    void theMemoryBlocksRowSaysHowAllBlocksStand(FxRobot robot) {
        clickRow(robot, "Memory blocks (dax: 16 of 48");
        Journeys.await(() -> window.properties().values().containsKey("blocks"));
        assertThat(window.properties().values()).containsEntry("block_size_bytes", "8000000")
                .containsEntry("blocks", "48 × 128 MiB: 48 online, 0 offline; 16 of dax memory (listed in the tree)");
    }

    @Test
    void theCouldNotReadRowSaysWhatWhole(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path capture = tmp.resolve("capture");
        SimulatedSource.demo().exportSysfs(capture);
        Files.writeString(capture.resolve("sys/bus/dax/devices/dax0.2/align"), "\u0000garbage\n");
        robot.interact(() -> window.openSource(capture.toString(), () -> Snapshots.open(capture)));
        Journeys.await(() -> window.source().name().equals(capture.toString()));
        TestStages.settle(window);
        assertThat(window.source().snapshot().warnings()).hasSize(1);
        String warning = window.source().snapshot().warnings().getFirst();
        clickRow(robot, "Could not read (1)");
        Journeys.await(() -> window.properties().values().containsKey("1"));
        assertThat(window.properties().values()).containsEntry("1", warning);
        assertThat(Journeys.status(window)).contains("  ·  1 warning").doesNotContain("1 warnings");
    }
}
