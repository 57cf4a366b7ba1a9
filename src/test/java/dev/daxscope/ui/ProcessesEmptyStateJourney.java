package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.linux.Privileges;
import dev.daxscope.linux.ProcMaps;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.sim.MachineLoader;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person opens Processes on a machine with nothing to list: the view says why (no device-DAX
 * device; a process whose numa_maps could not be read, "needs root" only when daxscope is not
 * root), every line of it on screen, nothing cut off.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class ProcessesEmptyStateJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    private Label shownExplanation(FxRobot robot) {
        robot.clickOn("Processes");
        Journeys.await(() -> robot.lookup("#processes-empty").tryQuery().map(n -> n.isVisible()
                && !((Label) n).getText().isEmpty()).orElse(false));
        return robot.lookup("#processes-empty").queryAs(Label.class);
    }

    private static void assertNothingCutOff(Label l) {
        assertThat(Journeys.onFx(l::isTextTruncated)).isFalse();
        assertThat(Journeys.onFx(() -> l.getHeight() >= l.prefHeight(l.getWidth()) - 0.5)).isTrue();
    }

    @Test
    void aRealMachineWithoutDaxDevicesSaysSoAndWhatItCouldNotRead(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path node = Files.createDirectories(tmp.resolve("sys/devices/system/node/node0"));
        Files.writeString(node.resolve("meminfo"), "Node 0 MemTotal:       16384000 kB\n");
        Files.writeString(tmp.resolve("sys/devices/system/node/has_memory"), "0\n");
        Files.createDirectories(tmp.resolve("sys/devices/system/memory"));
        // A process whose numa_maps cannot be read (another user's, or gone by the time it is read).
        Files.createDirectories(tmp.resolve("proc/4242"));
        LinuxSource machine = new LinuxSource(tmp.resolve("sys"), tmp.resolve("proc"), "this machine", null,
                tmp.resolve("dev"), ProcMaps::isDeviceDax);
        robot.interact(() -> window.openSource("this machine", () -> machine));
        Journeys.await(() -> window.source() == machine);
        Label why = shownExplanation(robot);
        Journeys.await(() -> why.getText().contains("numa_maps"));
        assertThat(why.getText()).startsWith("this machine has no device-DAX devices (/sys/bus/dax/devices is empty)")
                .contains("/proc/PID/numa_maps: 1 of 1 processes could not be read");
        if (Privileges.runningAsRoot()) {
            assertThat(why.getText()).contains("they exited while read").doesNotContain("root");
        } else {
            assertThat(why.getText()).contains("other users' processes need root");
        }
        var root = robot.lookup("#processes-tree").queryAs(javafx.scene.control.TreeView.class).getRoot();
        assertThat(root == null || root.getChildren().isEmpty()).as("no process row").isTrue();
        assertNothingCutOff(why);
    }

    @Test
    void aSimulatedMachineWithoutProcessesSaysHowToAddThem(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path script = Files.writeString(tmp.resolve("empty.dax"), "memory ram=4G\n");
        robot.interact(() -> window.openSource("empty", () -> MachineLoader.source(script)));
        Journeys.await(() -> window.source().simulated() && window.model().snapshot().devices().isEmpty());
        Label why = shownExplanation(robot);
        assertThat(why.getText()).startsWith("No simulated process maps a device-DAX device")
                .contains("P alloc len=SIZE node=N").doesNotContain("root");
        assertNothingCutOff(why);

        // A node nobody has pages on says so too (its toggle appears once the nodes are read).
        Journeys.await(() -> robot.lookup("#processes-node-0").tryQuery().isPresent());
        robot.clickOn("#processes-node-0");
        Journeys.await(() -> why.getText().startsWith("No process has pages on node 0."));
        assertNothingCutOff(why);
    }
}
