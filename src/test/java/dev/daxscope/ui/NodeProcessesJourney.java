package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.linux.ProcMaps;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.TreeCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * "Who is on the CXL node?" in one click: a person clicks the demo's CXL node (node2) in the tree
 * and the Processes view lists the processes with pages there, the largest first, with what
 * numa_maps says (pages × kernelpagesize); a click on the node in Memory tiers lists the same;
 * a capture's numa_maps (a 2 MiB hugetlb mapping next to 4 KiB pages) counts in bytes.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class NodeProcessesJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    @Test
    void clickingTheCxlNodeInTheTreeListsWhoHasPagesThereLargestFirst(FxRobot robot) {
        // The tree as it settles once the tiers are read (its system-ram row links to its tier).
        Journeys.await(() -> robot.lookup(".tree-tier-link").tryQuery().isPresent());
        TreeCell<?> node2 = Journeys.onFx(() -> robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> c.getText() != null && c.getText().startsWith("node2  ")).findFirst().orElseThrow());
        // On its text: a row may be wider than the tree, its middle off to the right.
        robot.clickOn(robot.point(node2).atPosition(javafx.geometry.Pos.CENTER_LEFT).atOffset(new javafx.geometry.Point2D(60, 0)));
        Journeys.await(() -> window.processes() != null && window.processes().getScene() != null
                && Journeys.paintedProcessRows(robot).size() == 2);
        List<String> rows = Journeys.paintedProcessRows(robot);
        assertThat(rows.get(0)).startsWith("analytics (pid ").contains("768 MiB (196608 pages × 4 kB) on node 2");
        assertThat(rows.get(1)).startsWith("db (pid ").contains("256 MiB (65536 pages × 4 kB) on node 2");
        ToggleButton chosen = robot.lookup("#processes-node-2").queryAs(ToggleButton.class);
        assertThat(chosen.isSelected()).isTrue();
        assertThat(chosen.getText()).isEqualTo("node 2 · memory_tier22 · dax2.0");

        // "all processes": the device-DAX mappers with their bytes per node, and analytics (pages on the kmem node only).
        robot.clickOn("#processes-node-all");
        Journeys.await(() -> Journeys.paintedProcessRows(robot).size() == 4);
        assertThat(Journeys.paintedProcessRows(robot)).anyMatch(r -> r.startsWith("db (pid ") && r.endsWith("N2 256 MiB"))
                .anyMatch(r -> r.startsWith("analytics (pid ") && r.endsWith("N2 768 MiB"))
                .anyMatch(r -> r.startsWith("loader (pid ") && !r.contains(" N"));
    }

    @Test
    void clickingTheNodeInMemoryTiersListsTheSameProcesses(FxRobot robot) {
        robot.clickOn("Memory tiers");
        Journeys.await(() -> Journeys.shown(robot, "#memory-tier-22 #tier-node-2"));
        // The 720-pixel window shows tier 4; the person scrolls down to the CXL node (as it is shown now:
        // a busy machine's second read may have drawn the bands again).
        Journeys.scrollMemoryTiersTo(robot, "#tier-node-2");
        robot.clickOn("node 2  ·  no CPUs");
        @SuppressWarnings("unchecked")
        ListView<String> who = robot.lookup(".memory-tiers .list-view").queryAs(ListView.class);
        Journeys.await(() -> who.getItems().size() == 2);
        assertThat(who.getItems().get(0)).endsWith("  analytics  768 MiB (196608 pages × 4 kB)");
        assertThat(who.getItems().get(1)).endsWith("  db  256 MiB (65536 pages × 4 kB)");
        robot.clickOn("Processes");
        Journeys.await(() -> Journeys.paintedProcessRows(robot).size() == 2);
        assertThat(Journeys.paintedProcessRows(robot).getFirst()).startsWith("analytics");
    }

    @Test
    void aCapturesNumaMapsCountPagesTimesTheirPageSize(FxRobot robot, @TempDir Path tmp) throws Exception {
        // A real 6.12 capture with dax0.0 as system-ram on node 0, and the procfs of one process.
        Path pid = Files.createDirectories(tmp.resolve("proc/4242"));
        Files.writeString(pid.resolve("comm"), "loader\n");
        Files.writeString(pid.resolve("numa_maps"), """
                7f0000000000 bind:0 anon=10 dirty=10 active=0 N0=10 kernelpagesize_kB=4
                7f1000000000 default file=/anon_hugepage\\040(deleted) huge anon=3 dirty=3 N0=3 kernelpagesize_kB=2048
                7f2000000000 default file=/dev/dax1.0
                """);
        LinuxSource capture = new LinuxSource(TestFiles.realCapture("pmem-2m-system-ram-6.12").resolve("sys"),
                tmp.resolve("proc"), "capture", null, tmp.resolve("dev"), ProcMaps::isDeviceDax);
        robot.interact(() -> window.openSource("capture", () -> capture));
        Journeys.await(() -> window.source() == capture);
        robot.clickOn("Processes");
        robot.clickOn("#processes-node-all");
        Journeys.await(() -> !robot.lookup("#processes-node-0").tryQuery().isEmpty());
        robot.clickOn("#processes-node-0");
        Journeys.await(() -> Journeys.paintedProcessRows(robot).size() == 1);
        assertThat(Journeys.paintedProcessRows(robot).getFirst()).isEqualTo("loader (pid 4242)  ·  "
                + Format.size(10 * 4096L + 3 * 2048 * 1024L) + " (10 pages × 4 kB + 3 × 2048 kB) on node 0  ·  N0 "
                + Format.size(10 * 4096L + 3 * 2048 * 1024L));
    }
}
