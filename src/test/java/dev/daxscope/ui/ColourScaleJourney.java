package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.model.FolioInfo;
import dev.daxscope.source.sim.SimulatedSource;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person steps through the fork-and-refault scenario with the page map coloured by refcount:
 * folio 1 keeps refcount 2 throughout, so it keeps its colour while the child's refault raises
 * folio 0 to 3 (the scale followed the largest value shown, so the same 2 went from yellow to
 * green), and the key names the fixed scale.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class ColourScaleJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    private int refcount(long folio) {
        return window.source().folio("dax0.1", folio * 512).map(FolioInfo::refcount).orElse(-1);
    }

    /** The colour the key shows for {@code value}. */
    private static int keyColour(int value) {
        return PageMapPainter.argb(Palette.viridis(PageMapPainter.scaled(value)));
    }

    @Test
    void aValueKeepsItsColourWhileLargerValuesAppear(FxRobot robot) {
        robot.interact(() -> window.pageMap().setReduceMotion(true));
        window.start();
        try {
            SimulatedSource demo = (SimulatedSource) window.source();
            robot.interact(() -> window.scenarios().open(TestFiles.project().resolve("scenarios/03-fork-and-refault.dax")));
            Journeys.await(() -> window.source() != demo);
            int shownWithTwo = 0;
            boolean sawThree = false;
            for (int step = 0; step < 20 && !window.scenarios().stepButton().isDisabled(); step++) {
                robot.clickOn(window.scenarios().stepButton());
                TestStages.settle(window);
                if (refcount(1) != 2) {
                    continue;
                }
                // Folio 1 holds refcount 2 from the parent's touch on: painted as the key's 2 whatever folio 0 holds.
                Journeys.await(() -> window.pageMap().titleText().startsWith("dax0.1") && window.pageMap().paintedArgb(1) == keyColour(2));
                shownWithTwo++;
                if (refcount(0) == 3) {
                    sawThree = true;
                    Journeys.await(() -> window.pageMap().paintedArgb(0) == keyColour(3));
                }
            }
            assertThat(shownWithTwo).as("steps that showed folio 1 at refcount 2").isGreaterThan(3);
            assertThat(sawThree).as("the child's refault was shown").isTrue();
            assertThat(keyColour(3)).isNotEqualTo(keyColour(2));
            assertThat(Journeys.onFx(() -> window.pageMap().legendText())).startsWith("refcount: · 1 · 2 · 3 · 4 · 8 · 16 or more");
        } finally {
            robot.interact(window::stop);
        }
    }
}
