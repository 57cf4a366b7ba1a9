package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.DriverKind;
import dev.daxscope.source.sim.SimulatedSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person disables a device that a process maps, under load: the window asks first, naming who
 * maps it, and Cancel leaves it bound; confirmed, the pressed button says at once that it runs
 * (while the background executor is still busy), and the row of buttons stays the same nodes,
 * the ones that do not apply disabled with the reason in their tooltip (issue 15: buttons were
 * swapped under the pointer and a click under load did nothing visible for ~1.5 s).
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class UnbindMappedDeviceJourney {
    private MainWindow window;
    private SimulatedSource source;

    @Start
    void start(Stage stage) {
        source = SimulatedSource.demo();
        window = TestStages.show(stage, source);
    }

    @Test
    void unbindingAMappedDeviceAsksWhoMapsItAndCancelKeepsItBound(FxRobot robot) {
        robot.interact(() -> window.tree().select("device:dax0.1"));
        TestStages.settle(window);
        List<String> mappers = ActionConfirmation.mappers(source.snapshot(), "dax0.1");
        assertThat(mappers).as("the demo maps dax0.1").isNotEmpty();

        robot.clickOn(window.actions().button("Disable (unbind)").orElseThrow());
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(dialog.getContentText()).contains("dax0.1 is mapped by " + mappers.getFirst()).contains("SIGBUS");
        robot.clickOn("Cancel");
        TestStages.settle(window);
        assertThat(source.snapshot().device("dax0.1").orElseThrow().driver()).as("cancelled: still bound")
                .isEqualTo(DriverKind.DEVICE_DAX);
        assertThat(window.actions().button("Disable (unbind)").orElseThrow().isDisabled()).isFalse();
    }

    @Test
    void aConfirmedActionShowsAtOnceThatItRunsAndTheRowStaysPut(FxRobot robot) throws Exception {
        robot.interact(() -> window.tree().select("device:dax0.1"));
        robot.interact(() -> window.workload().button().fire());
        robot.interact(window::start);
        TestStages.settle(window);
        List<Button> row = window.actions().shownButtons();
        Button enable = window.actions().button("Enable (bind)").orElseThrow();
        assertThat(enable.isDisabled()).isTrue();
        assertThat(enable.getParent().getProperties().get("javafx.scene.control.Tooltip")).isNotNull();

        CountDownLatch release = new CountDownLatch(1);
        window.model().tasks().execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Button disable = window.actions().button("Disable (unbind)").orElseThrow();
        robot.clickOn(disable);
        robot.clickOn("OK");
        assertThat(disable.getText()).as("pending, while the executor is busy").isEqualTo("Disable (unbind) …");
        assertThat(window.actions().shownButtons()).allMatch(Button::isDisabled);
        assertThat(window.actions().noteText()).contains("Running daxctl disable-device dax0.1");

        release.countDown();
        TestStages.settle(window);
        assertThat(source.snapshot().device("dax0.1").orElseThrow().driver()).isEqualTo(DriverKind.NONE);
        assertThat(window.actions().shownButtons()).as("the same buttons, not new ones").containsExactlyElementsOf(row);
        assertThat(disable.getText()).isEqualTo("Disable (unbind)");
        assertThat(disable.isDisabled()).isTrue();
        assertThat(enable.isDisabled()).isFalse();
        assertThat(window.actions().button("Destroy").orElseThrow().isDisabled()).isFalse();
        source.workloads().orElseThrow().stop();
        robot.interact(window::stop);
    }
}
