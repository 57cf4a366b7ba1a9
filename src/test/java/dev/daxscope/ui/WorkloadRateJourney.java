package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person starts a workload at 1,000 faults/s and the status bar and stats show about 1,000/s;
 * unlimited, the fault log says which share of the events it shows (issue 15: the rate did
 * nothing, and "events dropped" climbed into the billions).
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class WorkloadRateJourney {
    private static final Pattern FAULTS_PER_SECOND = Pattern.compile("([\\d,]+) faults/s");
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
        window.start();
    }

    private static double shownRate(String status) {
        Matcher m = FAULTS_PER_SECOND.matcher(status);
        assertThat(m.find()).as(status).isTrue();
        return Double.parseDouble(m.group(1).replace(",", ""));
    }

    @Test
    void aWorkloadAtAThousandPerSecondShowsAboutAThousandPerSecond(FxRobot robot) {
        robot.interact(() -> window.workload().rate().setValue(1_000L));
        robot.interact(() -> window.workload().button().fire());
        try {
            int started = Journeys.onFx(() -> window.model().history().size());
            // Two seconds of samples (one every 250 ms) after the first second of the run.
            Journeys.await(() -> window.model().history().size() >= started + 12);
            StatsHistory h = window.model().history();
            double sum = Journeys.onFx(() -> {
                double s = 0;
                for (int i = h.size() - 8; i < h.size(); i++) {
                    s += h.get(StatsHistory.Series.FAULTS_PER_SECOND, i);
                }
                return s;
            });
            assertThat(sum / 8).as("faults/s in the stats, averaged over 2 s").isBetween(900.0, 1100.0);
            assertThat(shownRate(Journeys.status(window))).as("faults/s in the status bar").isBetween(800.0, 1200.0);
            assertThat(window.faultLog().shareText()).isEqualTo("every event shown");

            // Unlimited: far more events than a table can hold, and the log says how many it shows.
            robot.interact(() -> window.workload().button().fire());
            robot.interact(() -> window.workload().rate().setValue(0L));
            robot.interact(() -> window.workload().button().fire());
            Journeys.await(() -> window.faultLog().shareText().startsWith("showing 1 in "));
            assertThat(window.faultLog().shareText()).matches("showing 1 in [\\d,]+ events");
            assertThat(Journeys.status(window)).contains("fault log: showing 1 in ").doesNotContain("dropped");
        } finally {
            window.source().workloads().orElseThrow().stop();
            robot.interact(window::stop);
        }
    }
}
