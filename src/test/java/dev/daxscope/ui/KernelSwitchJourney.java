package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.source.sim.SimulatedSource;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person picks kernel 6.12 in the toolbar to see the seed commit's refcount difference, and
 * back: the page map repaints each time (issue 15: 6.16 → 6.12 left the map as it was).
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class KernelSwitchJourney {
    /** dax0.1's folio at 512 MiB: db maps it twice, so under 6.16 its refcount is 1 + 2. */
    private static final int FOLIO = 256;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    @Test
    void switchingKernelRepaintsThePageMapWithThatKernelsRefcounts(FxRobot robot) {
        Journeys.await(() -> window.pageMap().cellCount() == 1024);
        assertThat(window.pageMap().titleText()).startsWith("dax0.1").contains("one folio per cell");
        int under616 = Journeys.onFx(() -> window.pageMap().paintedArgb(FOLIO));
        int idle = Journeys.onFx(() -> window.pageMap().paintedArgb(1023));
        assertThat(under616).as("a mapped folio is coloured, not idle grey").isNotEqualTo(idle);
        assertThat(Journeys.status(window)).contains("kernel 6.16").contains("8,962 mapped folios");
        // The key shows the fixed scale as swatches, 1 to "16 or more", whatever the largest refcount on the map.
        assertThat(window.pageMap().legendText()).startsWith("refcount: · 1 · 2 · 3 · 4 · 8 · 16 or more · idle (ref 1, map 0)");
        Journeys.focusPageMap(robot, window);

        Journeys.chooseKernel(robot, window, KernelProfile.V6_12);

        assertThat(window.pageMap().device()).as("the same device stays shown").isEqualTo("dax0.1");
        assertThat(Journeys.status(window)).contains("kernel 6.12").contains(" 0 mapped folios");
        // Before 6.15 a devmap mapping takes neither a reference nor a mapcount: the folio reads as idle.
        assertThat(Journeys.onFx(() -> window.pageMap().paintedArgb(FOLIO))).as("repainted under 6.12").isEqualTo(idle);
        assertThat(window.tree().getSelectionModel().getSelectedItem().getValue().key()).isEqualTo("device:dax0.1");
        // ...and the key says so, or a heavily mapped device would read as unused.
        assertThat(window.pageMap().legendText()).contains("Kernel 6.12 (before 6.15): device-DAX mappings take no folio reference");

        Journeys.chooseKernel(robot, window, KernelProfile.V6_16);
        assertThat(Journeys.onFx(() -> window.pageMap().paintedArgb(FOLIO))).isEqualTo(under616);
        assertThat(Journeys.status(window)).contains("8,962 mapped folios");
        assertThat(window.pageMap().legendText()).doesNotContain("before 6.15");
    }
}
