package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.linux.Snapshots;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person opens a damaged snapshot: what could not be read is listed, the rest is shown and
 * drawn; an archive that is not one is refused with its name and the machine shown stays.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class DamagedSnapshotJourney {
    private MainWindow window;
    private SimulatedSource demo;

    @Start
    void start(Stage stage) {
        demo = SimulatedSource.demo();
        window = TestStages.show(stage, demo);
    }

    @Test
    void aDamagedSnapshotShowsWhatItCouldReadAndNamesTheRest(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path capture = tmp.resolve("capture");
        SimulatedSource.demo().exportSysfs(capture);
        Files.writeString(capture.resolve("sys/bus/dax/devices/dax0.2/align"), "\u0000garbage\n");
        Files.delete(capture.resolve("sys/bus/dax/devices/dax1.0/size"));
        robot.interact(() -> window.openSource(capture.toString(), () -> Snapshots.open(capture)));
        Journeys.await(() -> window.source().name().equals(capture.toString()));
        TestStages.settle(window);
        assertThat(MainWindowTest.labels(window.tree().getRoot())).anyMatch(l -> l.startsWith("Could not read ("))
                .anyMatch(l -> l.contains("dax0.2/align"));
        Journeys.await(() -> window.pageMap().cellCount() > 0);
        assertThat(window.pageMap().device()).isEqualTo("dax0.1");
        assertThat(window.pageMap().titleText()).startsWith("dax0.1").contains("DERIVED");
        assertThat(window.liveToggle().isVisible()).as("a snapshot is not live").isFalse();

        Path notAnArchive = tmp.resolve("broken.tar.gz");
        Files.write(notAnArchive, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        robot.interact(() -> window.openSource(notAnArchive.toString(), () -> Snapshots.open(notAnArchive)));
        Journeys.await(() -> window.properties().problemShown());
        assertThat(window.properties().problemText()).startsWith("Cannot open " + notAnArchive);
        assertThat(window.source().name()).as("the snapshot shown stays").isEqualTo(capture.toString());
    }
}
