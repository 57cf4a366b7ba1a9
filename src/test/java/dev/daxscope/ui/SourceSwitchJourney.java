package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.linux.Snapshots;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person goes demo → snapshot → this machine → demo: each step shows only the machine of
 * now — no page-map pixel, counter, event or stats sample of the one before (issue 15: the
 * demo's dax0.1 stayed painted over a machine with no dax device).
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class SourceSwitchJourney {
    private MainWindow window;
    private SimulatedSource demo;

    @Start
    void start(Stage stage) {
        demo = SimulatedSource.demo();
        window = TestStages.show(stage, demo);
        window.start();
    }

    @Test
    void eachSourceShowsOnlyItsOwnMachine(FxRobot robot, @TempDir Path tmp) throws Exception {
        // The demo, with a workload running so that counters, events and stats all move.
        Journeys.await(() -> window.pageMap().cellCount() > 0);
        robot.interact(() -> window.workload().button().fire());
        Journeys.await(() -> window.model().history().size() > 3 && window.faultLog().shownEvents().size() > 100);
        assertThat(Journeys.status(window)).startsWith("simulated");

        // A snapshot of another machine (a copy of the demo, exported): no workload, no demo events.
        SimulatedSource.demo().exportSysfs(tmp);
        robot.interact(() -> window.openSource(tmp.toString(), () -> Snapshots.open(tmp)));
        Journeys.await(() -> window.source().name().equals(tmp.toString()) && window.pageMap().cellCount() > 0);
        assertThat(demo.workloads().orElseThrow().running()).as("the demo's workload stopped with it").isFalse();
        assertThat(window.faultLog().shownEvents()).as("no demo event in the snapshot's log").isEmpty();
        assertThat(Journeys.onFx(() -> window.model().history().max(StatsHistory.Series.FAULTS_PER_SECOND)))
                .as("no sample of the demo's faults in the snapshot's stats").isZero();
        assertThat(Journeys.status(window)).startsWith(tmp.toString()).doesNotContain("faults/s");
        assertThat(window.liveToggle().isVisible()).as("a snapshot does not change: no Live").isFalse();
        assertThat(window.sourceControls().interval().isVisible()).as("nor a refresh interval").isFalse();

        // This machine: the build machines have no dax device, so nothing of the snapshot may stay painted.
        Journeys.chooseSource(robot, window, "This machine (/sys, read-only)");
        Journeys.await(() -> window.source().name().equals("this machine"));
        if (window.source().snapshot().devices().isEmpty()) {
            Journeys.await(() -> window.pageMap().emptyState().isVisible());
            assertThat(Journeys.onFx(() -> window.pageMap().paintedCells())).as("no stale cell").isZero();
            assertThat(window.pageMap().titleText()).isEqualTo("No device to draw");
            assertThat(window.pageMap().device()).isNull();
        }
        assertThat(window.faultLog().shownEvents()).as("no event of another machine").allSatisfy(e ->
                assertThat(window.source().snapshot().device(e.device())).isPresent());
        assertThat(Journeys.status(window)).startsWith("this machine").doesNotContain("faults/s");
        assertThat(window.liveToggle().isVisible()).isTrue();

        // Back to the demo: a fresh one, its own counters from zero.
        Journeys.chooseSource(robot, window, "Simulated demo machine");
        Journeys.await(() -> window.source() != demo && window.source().simulated() && window.pageMap().cellCount() > 0);
        assertThat(window.pageMap().device()).isEqualTo("dax0.1");
        assertThat(Journeys.onFx(() -> window.model().history().max(StatsHistory.Series.MAPPED_FOLIOS)))
                .as("the fresh demo's own stats only").isEqualTo(8962);
        assertThat(Journeys.status(window)).startsWith("simulated").contains(" 0 faults/s").contains("8,962 mapped folios");
        assertThat(Journeys.onFx(() -> window.pageMap().paintedCells())).isPositive();
        robot.interact(window::stop);
    }
}
