package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.linux.ProcMaps;
import dev.daxscope.linux.SysfsWriter;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Device actions on a real machine (a sysfs tree in a temp directory, opened with writes
 * allowed): nothing is written before the person confirms, and what is written is audited. A
 * machine opened read-only offers the actions disabled and says how to allow them.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class RealMachineActionsTest {
    private Path tmp;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        tmp = Files.createTempDirectory("daxscope-actions-ui");
        SimulatedSource.demo().exportSysfs(tmp);
        LinuxSource machine = new LinuxSource(tmp.resolve("sys"), tmp.resolve("proc"), "test machine",
                new SysfsWriter(tmp.resolve("sys"), tmp.resolve("audit.log")), tmp.resolve("dev"), ProcMaps::isDeviceDax);
        window = TestStages.show(stage, machine);
    }

    private String audit() throws Exception {
        Path log = tmp.resolve("audit.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void anActionIsConfirmedFirstAndAudited(FxRobot robot) throws Exception {
        robot.interact(() -> window.tree().select("device:dax0.2"));
        TestStages.settle(window);
        var disable = window.actions().button("Disable (unbind)").orElseThrow();
        assertThat(disable.isDisabled()).isFalse();

        robot.interact(disable::fire);
        robot.clickOn("Cancel");
        TestStages.settle(window);
        assertThat(audit()).as("cancelled: nothing written").doesNotContain("unbind");

        robot.interact(disable::fire);
        robot.clickOn("OK");
        TestStages.settle(window);
        assertThat(audit()).contains("device_dax/unbind").contains("dax0.2");
    }

    @Test
    void aReadOnlyMachineOffersNoWrite(FxRobot robot) {
        LinuxSource readOnly = new LinuxSource(tmp.resolve("sys"), "read-only machine");
        robot.interact(() -> window.openSource("read-only machine", () -> readOnly));
        Journeys.await(() -> window.source() == readOnly);
        robot.interact(() -> window.tree().select("device:dax0.2"));
        TestStages.settle(window);
        assertThat(window.actions().button("Disable (unbind)").orElseThrow().isDisabled()).isTrue();
        assertThat(robot.lookup("read-only machine is read-only: start daxscope with --allow-write to change it.")
                .tryQuery()).isPresent();
    }
}
