package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.source.sim.SimulatedSource;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person plays the CXL memory-tiers scenario: before its first step the page map says the
 * scenario has not built its machine yet, and once both CXL devices are system-ram it says so —
 * never a firmware diagnosis (/proc/iomem, Soft Reserved) of a simulated machine (issue 24).
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class SimulatedEmptyStateJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    private String emptyText() {
        return Journeys.onFx(() -> window.pageMap().emptyState().text());
    }

    @Test
    void aScenarioSaysWhatItsMachineIsNotWhatFirmwareDid(FxRobot robot) {
        SimulatedSource demo = (SimulatedSource) window.source();
        robot.interact(() -> window.scenarios().open(TestFiles.project().resolve("scenarios/17-cxl-memory-tiers.dax")));
        Journeys.await(() -> window.source() != demo && window.pageMap().emptyState().isVisible()
                && !emptyText().startsWith("Looking at"));
        assertThat(emptyText()).contains("has not built its machine yet").doesNotContain("iomem").doesNotContain("firmware");

        // The drawer names the file, not its whole path, and its buttons stay put as the step number grows.
        assertThat(window.scenarios().titleText()).startsWith("17-cxl-memory-tiers.dax  ·  step ");
        double stepAt = Journeys.onFx(() -> window.scenarios().stepButton().localToScene(0, 0).getX());
        for (int i = 0; i < 8; i++) {
            robot.clickOn(window.scenarios().stepButton());
            assertThat(Journeys.onFx(() -> window.scenarios().stepButton().localToScene(0, 0).getX())).isEqualTo(stepAt);
        }
        // The memory-blocks row says it lists the blocks of dax memory only, and how many of all.
        assertThat(MainWindowTest.labels(window.tree().getRoot())).anyMatch(l -> l.matches(
                "Memory blocks \\(dax: \\d+ of \\d+ × 128 MiB\\)"));
        robot.clickOn("Page map");
        Journeys.await(() -> !window.tree().getRoot().getChildren().isEmpty() && !emptyText().startsWith("Looking at")
                && emptyText().contains("dax device"));
        assertThat(emptyText()).contains("2 dax devices").contains("2 devices are bound to kmem")
                .doesNotContain("iomem").doesNotContain("firmware").doesNotContain("unbound or empty");
    }
}
