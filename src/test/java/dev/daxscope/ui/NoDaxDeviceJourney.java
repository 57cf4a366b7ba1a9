package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.linux.ProcMaps;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person opens a real machine with no dax device (most machines; here a sysfs/procfs tree in
 * a temp directory): the window says why from what it read and offers the demo (issue 15: a
 * grey canvas saying "Select a device in the tree" while the tree had none).
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class NoDaxDeviceJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    /** A machine with one CPU node, memory blocks and the given /proc/iomem, and no /sys/bus/dax. */
    private static LinuxSource machine(Path root, String iomem) throws Exception {
        Path node = Files.createDirectories(root.resolve("sys/devices/system/node/node0"));
        Files.writeString(node.resolve("cpulist"), "0-1\n");
        Files.writeString(node.resolve("meminfo"), "Node 0 MemTotal:       16384000 kB\n");
        Path memory = Files.createDirectories(root.resolve("sys/devices/system/memory"));
        Files.writeString(memory.resolve("block_size_bytes"), "8000000\n");
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/iomem"), iomem);
        return new LinuxSource(root.resolve("sys"), root.resolve("proc"), "this machine", null, root.resolve("dev"),
                ProcMaps::isDeviceDax);
    }

    private void open(FxRobot robot, LinuxSource machine) {
        robot.interact(() -> window.openSource("this machine", () -> machine));
        Journeys.await(() -> window.source() == machine && window.pageMap().emptyState().isVisible()
                && !window.pageMap().emptyState().text().startsWith("Looking at"));
        TestStages.settle(window);
    }

    @Test
    void aMachineWithoutDaxDevicesSaysWhyAndOffersTheDemo(FxRobot robot, @TempDir Path tmp) throws Exception {
        open(robot, machine(tmp, "00000000-00000fff : Reserved\n00100000-7fffffff : System RAM\n"));
        String text = window.pageMap().emptyState().text();
        assertThat(text).startsWith("this machine has no device-DAX")
                .contains("/proc/iomem has no Soft Reserved range").contains("EFI_MEMORY_SP")
                .contains("There is no /sys/bus/dax");
        assertThat(window.pageMap().titleText()).isEqualTo("No device to draw").doesNotContain("Select a device");
        assertThat(Journeys.onFx(() -> window.pageMap().paintedCells())).isZero();
        // Nothing cut off: every line of the explanation wraps instead of ending in "…".
        assertThat(Journeys.onFx(() -> window.pageMap().emptyState().lookupAll(".label").stream()
                .map(Label.class::cast).filter(Label::isTextTruncated).map(Label::getText).toList())).isEmpty();

        robot.clickOn(window.pageMap().emptyState().demoButton());
        Journeys.await(() -> window.source().simulated() && window.pageMap().cellCount() > 0);
        assertThat(window.pageMap().emptyState().isVisible()).isFalse();
    }

    /** The region map of the same machine: the same honest empty state, nothing cut off, no zoom on nothing. */
    @Test
    void theRegionMapSaysWhyItIsEmptyAndOffersNoZoom(FxRobot robot, @TempDir Path tmp) throws Exception {
        open(robot, machine(tmp, "00000000-00000fff : Reserved\n00100000-7fffffff : System RAM\n"));
        robot.clickOn("Region map");
        RegionMapView map = window.regionMap();
        Journeys.await(() -> map.emptyState().isVisible() && !map.emptyState().text().startsWith("Looking at"));
        assertThat(map.emptyState().text()).startsWith("this machine has no device-DAX")
                .contains("/proc/iomem has no Soft Reserved range");
        assertThat(map.zoomButtons()).allMatch(javafx.scene.control.Button::isDisabled);
        assertThat(Journeys.onFx(() -> map.lookupAll(".label").stream().filter(javafx.scene.Node::isVisible)
                .filter(Label.class::isInstance).map(Label.class::cast).filter(Label::isTextTruncated)
                .map(Label::getText).toList())).as("cut-off labels").isEmpty();
        assertThat(Journeys.onFx(() -> map.lookupAll(".button").stream().filter(javafx.scene.Node::isVisible)
                .map(javafx.scene.control.Button.class::cast).filter(b -> b.getWidth() < b.prefWidth(-1) - 0.5)
                .map(javafx.scene.control.Button::getText).toList())).as("squeezed buttons").isEmpty();

        robot.clickOn(map.emptyState().demoButton());
        Journeys.await(() -> window.source().simulated() && !map.emptyState().isVisible());
        assertThat(map.zoomButtons()).noneMatch(javafx.scene.control.Button::isDisabled);
    }

    @Test
    void aSoftReservedRangeWithoutDaxHmemIsNamed(FxRobot robot, @TempDir Path tmp) throws Exception {
        open(robot, machine(tmp, "00100000-7fffffff : System RAM\n880000000-107fffffff : Soft Reserved\n"));
        assertThat(window.pageMap().emptyState().text()).contains("Soft Reserved range, but dax_hmem is not loaded")
                .doesNotContain("has no Soft Reserved");
    }
}
