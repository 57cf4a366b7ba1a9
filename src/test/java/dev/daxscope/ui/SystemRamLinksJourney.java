package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * In the region map a person reads where a system-ram device's memory went — its NUMA node and
 * memory tier — and clicks the link to select that node in the tree (issue 18: the region map
 * drew kmem ranges with no word of the node they became).
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class SystemRamLinksJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    @Test
    void aSystemRamDeviceLinksToItsNodeAndTier(FxRobot robot) {
        robot.interact(window::start);
        robot.clickOn("Region map");
        // The demo's dax2.0 is kmem on node 2, which the kernel put in memory_tier22.
        Journeys.await(() -> window.regionMap().links().texts().contains("dax2.0 → node 2 · memory_tier22"));
        robot.clickOn("#system-ram-link-dax2-0");
        TestStages.settle(window);
        assertThat(window.model().selectionProperty().get()).isInstanceOf(TreeObject.NumaNode.class)
                .extracting(TreeObject::key).isEqualTo("node:2");
        robot.interact(window::stop);
    }
}
