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
 * A person pauses the window and presses Fit: the page map draws what it reads now, and its
 * title says so instead of passing it off as the paused picture; live again, the note goes.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class PauseJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
        window.start();
    }

    @Test
    void fitWhilePausedSaysItReadTheMachineAgain(FxRobot robot) {
        try {
            Journeys.await(() -> window.pageMap().cellCount() > 0);
            robot.clickOn(window.liveToggle());
            Journeys.await(() -> window.liveToggle().getText().endsWith("Paused"));
            assertThat(window.pageMap().titleText()).doesNotContain("while paused");
            robot.clickOn("Fit");
            Journeys.await(() -> window.pageMap().titleText().contains("while paused"));
            assertThat(window.pageMap().titleText()).matches(".*  ·  read again at \\d\\d:\\d\\d(:\\d\\d)? while paused");
            robot.clickOn(window.liveToggle());
            Journeys.await(() -> !window.pageMap().titleText().contains("while paused"));
        } finally {
            robot.interact(window::stop);
        }
    }
}
