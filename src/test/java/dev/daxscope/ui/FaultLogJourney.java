package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.FaultEvent;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person filters the fault log as people type, "pid level" (issue 24: "1006 PMD" matched
 * nothing), reads whole addresses in what is left, and exports it: the window says where it wrote.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class FaultLogJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    @Test
    void filterBySeveralTermsReadWholeAddressesAndSeeTheExportWritten(FxRobot robot, @TempDir Path tmp) throws Exception {
        robot.interact(() -> window.workload().button().fire());
        robot.clickOn("Fault log");
        Journeys.await(() -> window.faultLog().shownEvents().stream().anyMatch(e -> e.kind() == FaultEvent.Kind.FAULT));
        robot.interact(() -> window.faultLog().pause(true));
        FaultEvent some = window.faultLog().shownEvents().stream().filter(e -> e.kind() == FaultEvent.Kind.FAULT)
                .findFirst().orElseThrow();
        robot.clickOn(robot.lookup(".text-field").match(n -> n.getParent() != null
                && ((TextField) n).getPromptText() != null && ((TextField) n).getPromptText().startsWith("Filter")).queryAs(TextField.class))
                .write(some.pid() + " " + some.level());
        Journeys.await(() -> !window.faultLog().shownEvents().isEmpty());
        assertThat(window.faultLog().shownEvents()).allSatisfy(e -> {
            assertThat(e.pid()).isEqualTo(some.pid());
            assertThat(e.level()).isEqualTo(some.level());
        });
        TestStages.settleFx();
        assertThat(Journeys.onFx(() -> robot.lookup(".table-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> c.getText() != null && c.getText().startsWith("0x") && c.isTextTruncated())
                .map(TableCell::getText).toList())).as("addresses and offsets cut off").isEmpty();

        Path csv = tmp.resolve("fault-log.csv");
        robot.interact(() -> window.faultLog().export(csv, "csv"));
        Journeys.await(() -> window.faultLog().exportedText().startsWith("Wrote "));
        assertThat(window.faultLog().exportedText()).isEqualTo("Wrote " + window.faultLog().shownEvents().size()
                + " event" + (window.faultLog().shownEvents().size() == 1 ? "" : "s") + " to " + csv);
        assertThat(Files.readAllLines(csv)).hasSize(window.faultLog().shownEvents().size() + 1);
        window.source().workloads().orElseThrow().stop();
    }
}
