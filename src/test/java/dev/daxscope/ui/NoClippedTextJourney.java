package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person looks at the window at 1000x900 and 1000x700 (the headless screen is 1000 px wide; the
 * default 1600x1000 and 1024x700 were looked at under Xvfb) with a workload running: no
 * text on screen ends in "…" — not the rate ("100,000 faults/s" was cut to "100,000 fault..."), not
 * the status bar, not the page map's title or key, not the properties' actions.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class NoClippedTextJourney {
    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1000, 900", "1000, 700"})
    void nothingIsCutOff(double width, double height, FxRobot robot) {
        robot.interact(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
            window.tree().select("device:dax0.1");
            window.workload().button().fire();
        });
        robot.interact(window::refreshNow);
        TestStages.settle(window);
        for (String view : List.of("page-map", "region-map")) {
            robot.interact(() -> window.showView(view));
            TestStages.settle(window);
            assertThat(Journeys.onFx(() -> truncated(window.root()))).as("cut-off text with the %s shown", view).isEmpty();
        }
        window.source().workloads().orElseThrow().stop();
    }

    /**
     * The workload's rate control on a toolbar of its own, wide enough for all of it, in a larger
     * font (a desktop's fonts are wider than the headless ones, where a fixed 150 px still fit): each
     * rate reads whole.
     */
    @org.junit.jupiter.api.Test
    void everyRateReadsWhole(FxRobot robot) {
        WorkloadControls[] controls = new WorkloadControls[1];
        robot.interact(() -> {
            controls[0] = new WorkloadControls(window.model());
            javafx.scene.control.ToolBar bar = new javafx.scene.control.ToolBar(controls[0]);
            bar.setStyle("-fx-font-size: 17px");
            javafx.scene.Scene scene = new javafx.scene.Scene(bar, 1000, 60);
            Styles.apply(scene);
            stage.setScene(scene);
        });
        for (long rate : WorkloadControls.RATES) {
            robot.interact(() -> controls[0].rate().setValue(rate));
            TestStages.settleFx();
            assertThat(Journeys.onFx(() -> truncated(controls[0]))).as("at %,d/s", rate).isEmpty();
        }
    }

    /**
     * Every visible label, button or cell in the window whose text is cut off; not the object
     * tree's rows, whose text gives way to their node and tier links by design (full text as tooltip).
     */
    static List<String> truncated(Node root) {
        List<Labeled> all = new java.util.ArrayList<>();
        collect(root, all);
        assertThat(all).as("labels looked at").hasSizeGreaterThan(3);
        return all.stream().filter(NoClippedTextJourney::shown).filter(Labeled::isTextTruncated)
                .map(l -> l.getClass().getSimpleName() + " \"" + l.getText() + "\"").distinct().toList();
    }

    private static void collect(Node n, List<Labeled> out) {
        if (n instanceof javafx.scene.control.TreeView<?>) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
            out.add(l);
        }
        if (n instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
        }
    }

    private static boolean shown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }
}
