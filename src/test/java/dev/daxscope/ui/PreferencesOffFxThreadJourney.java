package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person switches the theme and the refresh interval while the window's background executor is
 * busy: the clicks take effect at once and the preferences file is written afterwards, by the
 * executor, never by the FX thread (a slow home directory must not freeze the window).
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class PreferencesOffFxThreadJourney {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void settingsChangedInTheWindowAreWrittenInTheBackground(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("daxscope/preferences.properties");
        MainWindow[] shown = new MainWindow[1];
        robot.interact(() -> shown[0] = TestStages.show(stage, SimulatedSource.demo(), UiPreferences.load(file)));
        MainWindow window = shown[0];
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        window.model().tasks().execute(() -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        busy.await();

        robot.interact(() -> robot.lookup("Dark").queryButton().fire());
        robot.interact(() -> window.sourceControls().interval().setValue(2000L));
        assertThat(window.root().getStyleClass()).contains("dark");
        assertThat(file).as("written while the background executor was still busy, so on the FX thread").doesNotExist();

        release.countDown();
        TestStages.settle(window);
        assertThat(Files.readString(file)).contains("theme=dark").contains("refresh.ms=2000");
    }
}
