package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.damon.HeatReport.PhysicalOwner;
import dev.daxscope.source.sim.SimulatedSource;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person turns the demo's CXL device into system-ram from Memory tiers, gives its node a DAMON
 * monitor and a process that keeps its memory hot, and sees that process's range turn bright in
 * the region map's heat strip while the rest of the node stays dark; scrubbing the time axis back
 * shows the node as it was before. While the device was devdax, the window said why it had no heat.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class DamonHeatJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    @Test
    void aProcessKeepingItsCxlMemoryBusyTurnsItsRangeHot(FxRobot robot) {
        robot.interact(window::start);
        // The demo's CXL device as devdax first: ZONE_DEVICE memory DAMON never sees.
        robot.interact(() -> window.model().daxctl("Reconfigure dax2.0", List.of("reconfigure-device", "-m", "devdax", "-f",
                "dax2.0")));
        Journeys.await(() -> window.model().snapshot().device("dax2.0").orElseThrow().driver() == DriverKind.DEVICE_DAX);
        robot.clickOn("Memory tiers");
        Journeys.await(() -> text(robot, "#damon-unobservable").matches("(?s)No heat, by design: [^:]*dax2\\.0[^:]*\\(devdax\\).*")
                && text(robot, "#damon-unobservable").contains("not observable by DAMON, not cold"));

        robot.clickOn(Journeys.shownNode(robot, "#system-ram-dax2-0"));
        robot.clickOn("OK");
        Journeys.await(() -> Journeys.shown(robot, "#damon-monitor-2") && !text(robot, "#damon-unobservable").contains("dax2.0"));
        assertThat(text(robot, "#damon-node-2 .label")).contains("no monitor");
        Journeys.scrollMemoryTiersTo(robot, "#damon-monitor-2");
        robot.clickOn("#damon-monitor-2");
        Journeys.await(() -> text(robot, "#damon-node-2 .label").contains("2 GiB monitored"));
        Journeys.scrollMemoryTiersTo(robot, "#damon-hot-2");
        robot.clickOn("#damon-hot-2");
        Journeys.await(() -> text(robot, "#damon-message").contains("A hot process on node 2: done"));
        PhysicalOwner hot = Journeys.onFx(() -> window.source().physicalOwners().stream()
                .filter(o -> o.process().equals("hot1")).findFirst().orElseThrow());
        long hotAddress = hot.start() + (64L << 20);
        var cxl = Journeys.onFx(() -> window.model().snapshot().device("dax2.0").orElseThrow());
        long coldAddress = cxl.resource() + cxl.size() - (128L << 20);

        Journeys.await(() -> allText(robot, "#damon-node-2").contains("hot1 (" + hot.pid() + ")"));
        robot.clickOn("Region map");
        Journeys.await(() -> brightness(strip(hotAddress)) > 0.75 && brightness(strip(coldAddress)) < 0.35);
        assertThat(text(robot, "#region-map-heat-note")).contains("nr_accesses per aggregation interval, dark 0 to bright 20");

        // Back along the time axis, to the first reading after the monitor started: nothing was hot yet.
        robot.clickOn("Memory tiers");
        Slider axis = (Slider) Journeys.shownNode(robot, "#damon-time-axis");
        int first = Journeys.onFx(() -> firstMonitoredFrame());
        robot.interact(() -> axis.setValue(first));
        Journeys.await(() -> text(robot, "#damon-when").contains("before the newest"));
        assertThat(allText(robot, "#damon-node-2")).doesNotContain("hot1 (");
        robot.clickOn("Region map");
        TestStages.settleFx();
        assertThat(brightness(strip(hotAddress))).as("the hot range as it was before the process ran").isLessThan(0.35);

        robot.clickOn("Memory tiers");
        Journeys.scrollMemoryTiersTo(robot, "#damon-time-axis");
        robot.clickOn("Newest");
        Journeys.await(() -> text(robot, "#damon-when").startsWith("newest reading"));
        robot.clickOn("Region map");
        Journeys.await(() -> brightness(strip(hotAddress)) > 0.75);
    }

    private int firstMonitoredFrame() {
        for (int i = 0; i < window.heat().timeline().size(); i++) {
            if (window.heat().timeline().at(i).node(2).map(n -> n.monitored()).orElse(false)) {
                return i;
            }
        }
        throw new AssertionError("no frame with node 2 monitored");
    }

    /** The colour the region map paints on the heat strip over {@code address}. */
    private Color strip(long address) {
        return Journeys.onFx(() -> {
            double[] at = window.regionMap().heatStripPoint(address).orElseThrow();
            int argb = window.regionMap().paintedArgb(at[0], at[1]);
            return Color.rgb((argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff);
        });
    }

    private static double brightness(Color c) {
        return 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
    }

    private static String text(FxRobot robot, String query) {
        return Journeys.onFx(() -> robot.lookup(query).tryQuery().map(n -> n instanceof Label l ? l.getText() : "").orElse(""));
    }

    private static String allText(FxRobot robot, String query) {
        return Journeys.onFx(() -> String.join("\n", robot.lookup(query + " .label").queryAllAs(Label.class).stream()
                .map(Label::getText).toList()));
    }
}
