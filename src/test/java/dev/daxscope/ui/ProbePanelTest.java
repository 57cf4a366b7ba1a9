package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.linux.ProcMaps;
import dev.daxscope.linux.SysfsWriter;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Probe mode in the inspector, on a real-machine source opened with writes allowed: the sysfs
 * tree is the demo machine exported, the device node a file on tmpfs (there is no /dev/dax
 * here), so the mmap, the touches, pagemap and mincore are the real kernel's.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class ProbePanelTest {
    private static Path tmp;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        tmp = Files.createTempDirectory("daxscope-probe-ui");
        SimulatedSource.demo().exportSysfs(tmp);
        Path dev = Files.createDirectories(tmp.resolve("dev"));
        try (var f = new java.io.RandomAccessFile(dev.resolve("dax0.2").toFile(), "rw")) {
            f.setLength(8L << 20);
        }
        // dax1.0 stands in for a device shorter than the mapping: its second 2 MiB folio is past the end.
        try (var f = new java.io.RandomAccessFile(dev.resolve("dax1.0").toFile(), "rw")) {
            f.setLength(2L << 20);
        }
        LinuxSource machine = new LinuxSource(tmp.resolve("sys"), tmp.resolve("proc"), "test machine",
                new SysfsWriter(tmp.resolve("sys"), tmp.resolve("audit.log")), dev, ProcMaps::isDeviceDax);
        window = TestStages.show(stage, machine);
    }

    private void selectDax02(FxRobot robot) {
        robot.interact(() -> window.tree().select("device:dax0.2"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.probePanel().isVisible()).isTrue();
    }

    /** Presses Probe…, answers OK in the confirmation dialog and waits for a result starting with {@code outcome}. */
    private void probeConfirmed(FxRobot robot, String outcome) throws Exception {
        robot.interact(() -> window.probePanel().probeButton().fire());
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("OK");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.probePanel().resultText().startsWith(outcome));
    }

    @Test
    void aConfirmedProbeTouchesThePagesAndReportsEachOne(FxRobot robot) throws Exception {
        selectDax02(robot);
        probeConfirmed(robot, "mapped at");
        WaitForAsyncUtils.waitForFxEvents();
        String[] lines = window.probePanel().resultText().split("\n");
        // dax0.2 is 4 KiB-aligned: a 2 MiB mapping, four pages 4 KiB apart, each loaded, present and resident;
        // then what the running kernel charged (a file stands in for the device: no RssFile; smaps shows
        // its page cache, fault-around included).
        assertThat(lines).hasSize(6);
        for (int i = 1; i < 5; i++) {
            assertThat(lines[i]).startsWith("+0x" + Integer.toHexString((i - 1) * 4096) + "  ok  present  resident  pfn ");
        }
        assertThat(lines[5]).startsWith("kernel " + System.getProperty("os.version") + ": the mapping is charged no RssFile")
                .contains("; smaps Rss ");
        assertThat(Files.readString(tmp.resolve("audit.log"))).contains("dev/dax0.2").contains("probe length=2097152");
    }

    @Test
    void cancellingTheConfirmationTouchesNothing(FxRobot robot) {
        selectDax02(robot);
        robot.interact(() -> window.probePanel().probeButton().fire());
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.probePanel().resultText()).isEmpty();
        assertThat(tmp.resolve("audit.log")).doesNotExist();
    }

    @Test
    void aSigbusDuringTheProbeIsCaughtAndShownAndTheInspectorGoesOn(FxRobot robot) throws Exception {
        robot.interact(() -> window.tree().select("device:dax1.0"));
        probeConfirmed(robot, "mapped at");
        WaitForAsyncUtils.waitForFxEvents();
        String[] lines = window.probePanel().resultText().split("\n");
        assertThat(lines[1]).startsWith("+0x0  ok  present");
        assertThat(lines[2]).startsWith("+0x200000  SIGBUS:ADRERR  not present");
        assertThat(lines[3]).isEqualTo("A touch raised a signal: the JVM caught it and goes on.");
        assertThat(Files.readString(tmp.resolve("audit.log"))).contains("dev/dax1.0").contains("SIGBUS");
        // The window still works: another device, another probe.
        selectDax02(robot);
        assertThat(window.probePanel().resultText()).isEmpty();
    }

    @Test
    void aDeviceNodeThatIsNotThereIsReportedNotThrown(FxRobot robot) throws Exception {
        robot.interact(() -> window.tree().select("device:dax0.1"));
        probeConfirmed(robot, "Probe failed");
        assertThat(window.probePanel().resultText()).contains("ENOENT").contains("dax0.1");
    }
}
