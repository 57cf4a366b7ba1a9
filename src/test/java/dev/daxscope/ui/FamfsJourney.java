package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person plays the famfs scenario (kernel 7.3) to its pause, reconfigures the device to famfs
 * with the window's action, sees the famfs badge and the page map saying why the device shows no
 * mappings and that its folios are 4 KiB, then plays on and sees the device's mmap refused.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class FamfsJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    @Test
    void reconfigureToFamfsInTheWindow(FxRobot robot) {
        robot.interact(() -> window.scenarios().open(Path.of("scenarios/18-famfs-mode.dax").toAbsolutePath()));
        TestStages.settle(window);
        for (int presses = 0; presses < 20 && !window.scenarios().narrationText().startsWith("famfs mode"); presses++) {
            robot.clickOn(window.scenarios().playButton());
            if (window.scenarios().narrationText().startsWith("devdax:")) {
                TestStages.settle(window);
            }
        }
        robot.interact(() -> window.tree().select("device:dax0.1"));
        TestStages.settle(window);
        assertThat(window.actions().button("Reconfigure to famfs").orElseThrow().isDisabled())
                .as("kernel 7.3 has fsdev_dax").isFalse();
        robot.interact(() -> window.actions().button("Reconfigure to famfs").orElseThrow().fire());
        TestStages.settle(window);
        assertThat(window.properties().problemShown()).as(window.properties().problemText()).isFalse();
        Journeys.await(() -> window.model().snapshot().device("dax0.1").orElseThrow().famfs());
        assertThat(MainWindowTest.labels(window.tree().getRoot())).anyMatch(l -> l.startsWith("dax0.1 ") && l.contains("[famfs]"));
        assertThat(window.actions().button("Reconfigure to famfs").orElseThrow().isDisabled()).isTrue();
        Journeys.await(() -> window.pageMap().legendText().contains("famfs mode"));
        assertThat(window.pageMap().legendText()).contains("cannot be mapped (mmap is ENODEV)").contains("order 0 (4 KiB)");
        assertThat(window.pageMap().titleText()).contains("folios of 4 KiB");

        for (int presses = 0; presses < 20 && !window.scenarios().lastStepText().contains("ENODEV"); presses++) {
            robot.interact(() -> window.scenarios().step());
        }
        assertThat(window.scenarios().lastStepText()).contains("mmap").contains("ENODEV");
    }
}
