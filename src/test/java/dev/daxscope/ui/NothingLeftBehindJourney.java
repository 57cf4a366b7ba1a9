package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.source.sim.MachineLoader;
import dev.daxscope.source.sim.SimulatedSource;
import java.util.List;
import javafx.scene.control.TreeCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * What a person did earlier leaves nothing untrue behind: a stopped workload's processes are
 * gone from the Processes view (not left with 0 entries, nor replayed as "P1006" by a kernel
 * switch), and a kernel switch lists the same NUMA nodes as before it.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class NothingLeftBehindJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
        window.start();
    }

    private static List<String> workloadRows(FxRobot robot) {
        return Journeys.paintedProcessRows(robot).stream().filter(r -> r.startsWith("wl") || r.matches("P\\d+ .*")).toList();
    }

    @Test
    void aStoppedWorkloadsProcessesLeaveTheProcessesViewAndAreNotReplayed(FxRobot robot) {
        try {
            robot.clickOn("Processes");
            robot.interact(() -> window.workload().rate().setValue(1_000L));
            robot.clickOn(window.workload().button());
            Journeys.await(() -> workloadRows(robot).size() == 2);
            robot.clickOn(window.workload().button());
            Journeys.await(() -> workloadRows(robot).isEmpty());
            assertThat(window.workload().button().getText()).isEqualTo("▶ Start workload");

            // Started again, then the kernel switched under it: the replayed machine has the demo's processes only.
            robot.clickOn(window.workload().button());
            Journeys.await(() -> workloadRows(robot).size() == 2);
            Journeys.chooseKernel(robot, window, KernelProfile.V6_12);
            robot.clickOn("Processes");
            Journeys.await(() -> Journeys.paintedProcessRows(robot).stream().anyMatch(r -> r.startsWith("db (pid ")));
            assertThat(workloadRows(robot)).isEmpty();
            assertThat(window.workload().button().getText()).isEqualTo("▶ Start workload");
        } finally {
            window.source().workloads().orElseThrow().stop();
            robot.interact(window::stop);
        }
    }

    private static String nodesRow(FxRobot robot) {
        return Journeys.onFx(() -> robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .map(TreeCell::getText).filter(t -> t != null && t.startsWith("NUMA nodes")).findFirst().orElse(""));
    }

    @Test
    void aKernelSwitchListsTheNodesTheMachineHad(FxRobot robot) throws Exception {
        // Scenario 06 makes a device system-ram on node 1 and unbinds it again: node 1 has no memory left.
        SimulatedSource blockLoss = MachineLoader.source(TestFiles.project().resolve("scenarios/06-system-ram-and-block-loss.dax"));
        robot.interact(() -> window.openSource("block loss", () -> blockLoss));
        Journeys.await(() -> window.source() == blockLoss && !nodesRow(robot).isEmpty());
        String before = nodesRow(robot);
        Journeys.chooseKernel(robot, window, KernelProfile.V6_12);
        Journeys.await(() -> window.source() != blockLoss && !nodesRow(robot).isEmpty());
        assertThat(nodesRow(robot)).isEqualTo(before).isEqualTo("NUMA nodes (1)");
        robot.interact(window::stop);
    }
}
