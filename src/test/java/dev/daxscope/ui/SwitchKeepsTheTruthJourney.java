package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.source.sim.MachineLoader;
import dev.daxscope.source.sim.SimulatedSource;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person switches kernels and machines and checks what the window says is still true (issue
 * 24): the demo's anonymous memory on the CXL node survives the replay a kernel switch makes, and
 * the Memory tiers view says nothing of a node the machine shown has not.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class SwitchKeepsTheTruthJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    @Test
    void theCxlNodesProcessesSurviveKernelSwitches(FxRobot robot) {
        Journeys.await(() -> window.pageMap().cellCount() == 1024);
        Journeys.chooseKernel(robot, window, KernelProfile.V6_12);
        Journeys.chooseKernel(robot, window, KernelProfile.V6_18);
        robot.clickOn("Processes");
        Journeys.await(() -> robot.lookup("#processes-node-2").tryQuery().isPresent());
        robot.clickOn("#processes-node-2");
        Journeys.await(() -> Journeys.paintedProcessRows(robot).size() == 2);
        assertThat(Journeys.paintedProcessRows(robot).get(0)).startsWith("analytics (pid ").contains("768 MiB");
        assertThat(Journeys.paintedProcessRows(robot).get(1)).startsWith("db (pid ").contains("256 MiB");
    }

    @Test
    void memoryTiersForgetsTheNodeListOfTheMachineLeft(FxRobot robot) throws Exception {
        robot.clickOn("Memory tiers");
        Journeys.await(() -> Journeys.shown(robot, "#memory-tier-22 #tier-node-2"));
        // The 720-pixel window shows tier 4; the person scrolls down to the CXL node and clicks its usage bar.
        Journeys.scrollMemoryTiersTo(robot, "#tier-node-2");
        robot.clickOn(Journeys.shownNode(robot, "#tier-node-2 .progress-bar"));
        Label whoTitle = Journeys.onFx(() -> robot.lookup(".memory-tiers .who-title").queryAs(Label.class));
        Journeys.await(() -> whoTitle.getText().endsWith(": 2"));
        SimulatedSource plain = MachineLoader.source(dev.daxscope.TestFiles.project().resolve("scenarios/01-seed-commit.dax"));
        robot.interact(() -> window.openSource("seed commit", () -> plain));
        Journeys.await(() -> window.source() == plain && Journeys.shown(robot, ".tier-node"));
        assertThat(robot.lookup("#tier-node-2").tryQuery()).as("the seed-commit machine has no node 2").isEmpty();
        @SuppressWarnings("unchecked")
        ListView<String> who = robot.lookup(".memory-tiers .list-view").queryAs(ListView.class);
        assertThat(who.getItems()).isEmpty();
        assertThat(whoTitle.getText()).doesNotContain("node 2").startsWith("Click a node");
    }
}
