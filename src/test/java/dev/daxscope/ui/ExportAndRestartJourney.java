package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person exports the page map as PNG and the fault log as CSV, switches to the dark theme and
 * a 2 s refresh, opens a scenario, and starts the inspector again: the preferences are kept.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class ExportAndRestartJourney {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private MainWindow open(FxRobot robot, UiPreferences preferences) {
        MainWindow[] shown = new MainWindow[1];
        robot.interact(() -> {
            shown[0] = new MainWindow(SimulatedSource.demo(), preferences);
            Scene scene = new Scene(shown[0].root(), 1000, 720);
            Styles.apply(scene);
            stage.setScene(scene);
            stage.show();
        });
        return shown[0];
    }

    @Test
    void exportThenRestartWithPreferencesKept(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path prefs = tmp.resolve("preferences.properties");
        MainWindow window = open(robot, UiPreferences.load(prefs));
        Journeys.await(() -> window.pageMap().cellCount() > 0);
        Path png = tmp.resolve("page-map.png");
        robot.interact(() -> {
            try {
                window.exportView(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        var image = javax.imageio.ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThan(300);

        robot.interact(() -> window.showView("fault-log"));
        Path csv = tmp.resolve("fault-log.csv");
        robot.interact(() -> window.faultLog().export(csv, "csv"));
        TestStages.settle(window);
        assertThat(Files.readAllLines(csv)).hasSize(window.faultLog().shownEvents().size() + 1)
                .first().isEqualTo("seq,nanos,kind,pid,address,device,pgoff,folio,level,result");

        // The toolbar overflows at the 1000 px headless screen: fire the theme button rather than click it.
        robot.interact(() -> robot.lookup("Dark").queryButton().fire());
        robot.interact(() -> window.sourceControls().interval().setValue(2000L));
        Path script = Path.of("scenarios/01-seed-commit.dax").toAbsolutePath();
        robot.interact(() -> window.scenarios().open(script));
        TestStages.settle(window);
        robot.interact(() -> {
            window.stop();
            window.closeSource();
        });

        MainWindow again = open(robot, UiPreferences.load(prefs));
        assertThat(again.root().getStyleClass()).contains("dark");
        assertThat(again.sourceControls().interval().getValue()).isEqualTo(2000L);
        assertThat(again.model().refreshMillisProperty().get()).isEqualTo(2000L);
        assertThat(again.preferences().recentScenarios()).containsExactly(script.normalize());
        assertThat(again.scenarios().chooser().getInitialDirectory().toPath()).isEqualTo(script.getParent());
    }
}
