package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.DriverKind;
import dev.daxscope.source.sim.SimulatedSource;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person reads what system-ram would make of a device (blocks used and lost, worked out by the
 * simulator), reconfigures it to system-ram, sees its memory blocks, and turns it back to devdax.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class ReconfigureJourney {
    private MainWindow window;
    private SimulatedSource source;

    @Start
    void start(Stage stage) {
        source = SimulatedSource.demo();
        window = TestStages.show(stage, source);
    }

    @Test
    void reconfigureToSystemRamAndBack(FxRobot robot) {
        robot.interact(() -> window.tree().select("device:dax0.1"));
        TestStages.settle(window);
        assertThat(window.whatIf().text()).contains("16 memory blocks of 128 MiB would be used").contains("0 B would be lost");

        robot.interact(() -> window.actions().button("Reconfigure to system-ram").orElseThrow().fire());
        robot.clickOn("OK");
        TestStages.settle(window);
        assertThat(window.properties().problemShown()).as(window.properties().problemText()).isFalse();
        assertThat(source.snapshot().device("dax0.1").orElseThrow().driver()).isEqualTo(DriverKind.KMEM);
        assertThat(MainWindowTest.labels(window.tree().getRoot())).anyMatch(l -> l.startsWith("dax0.1 ") && l.contains("[kmem]"))
                .anyMatch(l -> l.startsWith("memory") && l.contains("online") && l.endsWith("(dax0.1)"));
        assertThat(window.whatIf().text()).contains("16 of 16 memory blocks of 128 MiB online");
        assertThat(window.pageMap().titleText()).as("kmem memory has no device-DAX folios to draw").contains("no folio data");

        robot.interact(() -> window.actions().button("Offline memory").orElseThrow().fire());
        TestStages.settle(window);
        assertThat(window.properties().problemShown()).as(window.properties().problemText()).isFalse();
        assertThat(window.whatIf().text()).contains("0 of 16 memory blocks");

        robot.interact(() -> window.actions().button("Reconfigure to devdax").orElseThrow().fire());
        TestStages.settle(window);
        assertThat(source.snapshot().device("dax0.1").orElseThrow().driver()).isEqualTo(DriverKind.DEVICE_DAX);
        assertThat(MainWindowTest.labels(window.tree().getRoot())).anyMatch(l -> l.startsWith("dax0.1 ")
                && l.contains("[device_dax]"));
        Journeys.await(() -> window.pageMap().cellCount() == 1024);
    }
}
