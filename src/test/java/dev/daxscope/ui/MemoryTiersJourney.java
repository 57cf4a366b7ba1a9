package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.MachineLoader;
import dev.daxscope.source.sim.SimulatedSource;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A user opens "Memory tiers" on the demo machine, sees DRAM in tier 4 and the CXL node in tier
 * 22, makes dax0.1 system-ram from the view (confirming the dialog) and sees node 1 appear in
 * tier 22, as dax/kmem puts a node without performance data there.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class MemoryTiersJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    @Test
    void reconfiguringADeviceToSystemRamPutsItsNodeInItsTier(FxRobot robot) throws Exception {
        // Live, as a user sees it: the view is read again every refresh interval while its tab is shown.
        robot.interact(window::start);
        robot.clickOn("Memory tiers");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#memory-tier-22 #tier-node-2").tryQuery().isPresent());
        assertThat(robot.lookup("#memory-tier-4 #tier-node-0").tryQuery()).isPresent();
        assertThat(robot.lookup("#tier-node-1").tryQuery()).as("dax0.1's node has no memory yet").isEmpty();
        assertThat(texts(robot.lookup("#tier-node-2").query())).contains("dax2.0 (kmem)  ←  CXL region2");

        robot.clickOn("#system-ram-dax0-1");
        robot.clickOn("OK");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#memory-tier-22 #tier-node-1").tryQuery().isPresent()
                && robot.lookup("#system-ram-dax0-1").tryQuery().isEmpty());
        Node node1 = robot.lookup("#tier-node-1").query();
        assertThat(texts(node1)).contains("node 1  ·  no CPUs", "2 GiB total  ·  2 GiB free", "dax0.1 (kmem)");

        // The tree links the system-ram device to its node and tier, as the view last read them.
        robot.interact(window::refreshNow);
        robot.interact(window::stop);
        assertThat(MainWindowTest.labels(window.tree().getRoot()))
                .anyMatch(l -> l.startsWith("dax0.1") && l.contains("[kmem]") && l.endsWith("→ node1 · memory_tier22"));
    }

    /**
     * Switching machine leaves nothing of the previous one in the view: at the transition (seen by
     * a listener registered after the window's own) the demo's CXL node is gone, and what is read
     * next is the new machine's.
     */
    @Test
    void anotherMachineReplacesTheTiersAtTheSwitch(FxRobot robot, @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        robot.clickOn("Memory tiers");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#memory-tier-22 #tier-node-2").tryQuery().isPresent());
        java.nio.file.Path script = java.nio.file.Files.writeString(tmp.resolve("small.dax"), "memory ram=4G\n");
        java.util.List<Boolean> demoNodeAtSwitch = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> window.model().transitionProperty().addListener((o, a, b) ->
                demoNodeAtSwitch.add(robot.lookup("#tier-node-2").tryQuery().isPresent())));
        robot.interact(() -> window.openSource("small", () -> dev.daxscope.source.sim.MachineLoader.source(script)));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !demoNodeAtSwitch.isEmpty()
                && robot.lookup("#memory-tier-4 #tier-node-0").tryQuery().isPresent());
        assertThat(demoNodeAtSwitch).containsExactly(false);
        assertThat(robot.lookup("#tier-node-2").tryQuery()).as("the small machine has one node").isEmpty();
    }

    private static java.util.List<String> texts(Node root) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (root instanceof Label l) {
            out.add(l.getText());
        }
        if (root instanceof javafx.scene.control.Labeled l && !(root instanceof Label)) {
            out.add(l.getText());
        }
        if (root instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> out.addAll(texts(c)));
        }
        return out;
    }
}
