package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person plays a narrated scenario to its end with Play: every {@code say} line is shown,
 * including those with no pause between them (issue 15: Play skipped them), and the open dialog
 * starts in scenarios/.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class NarratedScenarioJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    @Test
    void playingToTheEndShowsEverySay(FxRobot robot, @TempDir Path tmp) throws Exception {
        assertThat(window.scenarios().chooser().getInitialDirectory().toPath())
                .isEqualTo(Path.of("scenarios").toAbsolutePath());
        Path script = tmp.resolve("lesson.dax");
        Files.writeString(script, """
                say "One: a region"
                region RA dynamic start=0x100000000 size=1G
                say "Two: a device in it"
                write @RA/create 1
                write /sys/bus/dax/devices/dax0.1/size 0x200000
                bind dax0.1 device_dax
                say "Three: bound"
                pause
                say "Four: mapped"
                spawn P
                P open /dev/dax0.1 as F
                P mmap F len=2M as A
                P read A
                folio dax0.1 pgoff=0 => ref=2 map=1
                say "Five: the end"
                """);
        robot.interact(() -> window.scenarios().open(script));
        TestStages.settle(window);
        List<String> shown = new ArrayList<>();
        for (int presses = 0; presses < 20 && !window.scenarios().playButton().isDisabled(); presses++) {
            robot.clickOn(window.scenarios().playButton());
            String now = window.scenarios().narrationText();
            if (shown.isEmpty() || !shown.getLast().equals(now)) {
                shown.add(now);
            }
        }
        // The last say, and under it the drawer's word that the scenario has ended.
        assertThat(shown).containsExactly("One: a region", "Two: a device in it", "Three: bound", "Four: mapped",
                "Five: the end\nEnd of lesson.dax: every statement has run. Back steps through it again; Close leaves"
                        + " this machine shown.");
        assertThat(window.scenarios().playButton().isDisabled()).as("at the end").isTrue();
        assertThat(MainWindowTest.labels(window.tree().getRoot())).anyMatch(l -> l.startsWith("dax0.1") && l.contains("[device_dax]"));
        assertThat(window.pageMap().device()).isEqualTo("dax0.1");
    }
}
