package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.sim.SimulatedSource;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person chooses kernel 6.12, opens the demo machine again and keeps 6.12 (it went back to the
 * default); then plays the tour: over the untouched demo it starts at once, over a machine the
 * person changed it asks first, and Cancel keeps that machine as it is.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class DemoAndTourJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
        window.model().markDemo();
    }

    @Test
    void theDemoKeepsTheChosenKernel(FxRobot robot) {
        robot.interact(() -> window.sourceControls().profile().setValue(KernelProfile.V6_12));
        Journeys.await(() -> window.model().kernel() == KernelProfile.V6_12);
        DaxSource before = window.source();

        Journeys.chooseSource(robot, window, "Simulated demo machine");
        Journeys.await(() -> window.source() != before);
        TestStages.settle(window);
        assertThat(window.model().kernel()).isEqualTo(KernelProfile.V6_12);
        assertThat(window.sourceControls().profile().getValue()).isEqualTo(KernelProfile.V6_12);
        assertThat(window.model().showsFreshDemo()).isTrue();

        // Through a real machine and back by the empty state's own button: still 6.12.
        Journeys.chooseSource(robot, window, "This machine (/sys, read-only)");
        Journeys.await(() -> window.source().name().equals("this machine"));
        DaxSource real = window.source();
        robot.interact(() -> window.pageMap().emptyState().demoButton().fire());
        Journeys.await(() -> window.source() != real);
        TestStages.settle(window);
        assertThat(window.model().kernel()).isEqualTo(KernelProfile.V6_12);
        assertThat(window.sourceControls().profile().getValue()).isEqualTo(KernelProfile.V6_12);
    }

    /** The Scenario menu's item (the toolbar overflows on the 1000 px headless screen, so it is fired, not clicked). */
    private void playTheTour(FxRobot robot) {
        robot.interact(() -> window.scenarios().menu().getItems().stream().filter(i -> "Play the tour".equals(i.getText()))
                .findFirst().orElseThrow().fire());
    }

    @Test
    void theTourReplacesTheUntouchedDemoWithoutAQuestion(FxRobot robot) {
        playTheTour(robot);
        Journeys.await(() -> window.scenarios().isVisible());
        assertThat(robot.lookup(".dialog-pane").tryQuery()).isEmpty();
    }

    @Test
    void theTourAsksBeforeReplacingAChangedMachineAndCancelKeepsIt(FxRobot robot) {
        DaxSource changed = window.source();
        robot.interact(() -> window.model().daxctl("disable", java.util.List.of("disable-device", "dax0.2")));
        TestStages.settle(window);
        assertThat(changed.snapshot().device("dax0.2").orElseThrow().bound()).isFalse();

        playTheTour(robot);
        DialogPane ask = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(ask.getHeaderText()).isEqualTo("Replace the machine shown with the tour?");
        robot.clickOn("Cancel");
        TestStages.settle(window);
        assertThat(window.source()).as("cancelled: the changed machine stays").isSameAs(changed);
        assertThat(window.scenarios().isVisible()).isFalse();
        assertThat(changed.snapshot().device("dax0.2").orElseThrow().bound()).isFalse();

        playTheTour(robot);
        robot.clickOn("OK");
        Journeys.await(() -> window.source() != changed && window.scenarios().isVisible());
    }

    @Test
    void theTourEndsSayingSoAndItsLastWordsMatchThePageMap(FxRobot robot) {
        playTheTour(robot);
        Journeys.await(() -> window.scenarios().isVisible());
        for (int i = 0; i < 40 && !window.scenarios().playButton().isDisabled(); i++) {
            robot.clickOn(window.scenarios().playButton());
            TestStages.settle(window);
        }
        assertThat(window.scenarios().playButton().isDisabled()).as("the tour ran to its end").isTrue();
        assertThat(window.scenarios().narrationText()).contains("End of ").contains("every statement has run")
                .doesNotContain("refcount 1");
        Journeys.await(() -> window.pageMap().titleText().contains("no folio data"));
    }
}
