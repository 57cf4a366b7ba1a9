package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.linux.Snapshots;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The toolbar's source menu, kernel-profile choice and refresh interval. */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class SourceSwitchTest {
    private MainWindow window;
    private SimulatedSource demo;

    @Start
    void start(Stage stage) {
        demo = SimulatedSource.demo();
        window = TestStages.show(stage, demo);
    }

    private void awaitSource(java.util.function.Predicate<DaxSource> shown) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> shown.test(window.source()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void openingASnapshotShowsItsDevicesHidesTheSimulatorControlsAndStopsTheDemoWorkload(FxRobot robot) throws Exception {
        Path capture = TestFiles.realCapture("hmem-two-devices-6.12");
        var workloads = demo.workloads().orElseThrow();
        robot.interact(() -> {
            window.model().shownDeviceProperty().set("dax0.2");
            window.workload().button().fire();
        });
        assertThat(workloads.running()).isTrue();

        robot.interact(() -> window.openSource(capture.toString(), () -> Snapshots.open(capture)));
        awaitSource(s -> s.name().equals(capture.toString()));

        assertThat(workloads.running()).as("the demo's workload stops with its source").isFalse();
        assertThat(window.sourceControls().sourceMenu().getText()).isEqualTo("Source: " + capture);
        assertThat(window.workload().isVisible()).isFalse();
        assertThat(window.sourceControls().profile().isVisible()).isFalse();
        var devices = window.source().snapshot().devices();
        assertThat(devices).isNotEmpty();
        assertThat(MainWindowTest.labels(window.tree().getRoot()))
                .anyMatch(l -> l.startsWith(devices.getFirst().name() + " "));
    }

    @Test
    void aRefusalOfTheMachineLeftIsNotShownOverTheNextOne(FxRobot robot) throws Exception {
        robot.interact(() -> window.model().showProblem("Refused: EBUSY: dax0.1 is bound to device_dax"));
        SimulatedSource seed = dev.daxscope.source.sim.MachineLoader.source(TestFiles.project().resolve("scenarios/01-seed-commit.dax"));
        // As the scenario drawer installs the machine a script builds.
        robot.interact(() -> window.model().switchTo(seed, InspectorViewModel.Change.NEW_MACHINE));
        awaitSource(s -> s == seed);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.model().problemProperty().get()).isEmpty();
    }

    @Test
    void thisMachineOpensFromTheRealSysAndProcAndShowsItsNodes(FxRobot robot) throws Exception {
        // Through the menu itself, as a user would pick it.
        robot.clickOn(window.sourceControls().sourceMenu());
        robot.clickOn("This machine (/sys, read-only)");
        awaitSource(s -> s.name().equals("this machine"));
        // These build machines have no /dev/dax, but /sys/devices/system/node is real: node0 has the CPUs.
        assertThat(window.source().snapshot().memory().nodes()).anySatisfy(n -> {
            assertThat(n.id()).isZero();
            assertThat(n.hasCpu()).isTrue();
            assertThat(n.memTotal()).isPositive();
        });
        assertThat(MainWindowTest.labels(window.tree().getRoot())).anyMatch(l -> l.startsWith("node0 ") && l.contains("cpu"));
        assertThat(window.sourceControls().sourceMenu().getText()).isEqualTo("Source: this machine");
        assertThat(window.source().writable()).isFalse();
    }

    @Test
    void whatASnapshotCouldNotReadIsListedInTheTree(FxRobot robot, @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        demo.exportSysfs(tmp);
        java.nio.file.Files.writeString(tmp.resolve("sys/bus/dax/devices/dax0.1/size"), "lots\n");
        robot.interact(() -> window.openSource("damaged", () -> Snapshots.open(tmp)));
        awaitSource(s -> s.name().equals(tmp.toString()));
        assertThat(MainWindowTest.labels(window.tree().getRoot())).anyMatch(l -> l.startsWith("Could not read ("))
                .anyMatch(l -> l.contains("dax0.1/size") && l.contains("'lots' is not a number"));
    }

    @Test
    void aSourceThatCannotBeOpenedIsNamedInlineAndTheShownMachineStays(FxRobot robot, @org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path notACapture = tmp.resolve("empty");
        java.nio.file.Files.createDirectories(notACapture);
        robot.interact(() -> window.openSource(notACapture.toString(), () -> Snapshots.open(notACapture)));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.properties().problemShown());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.properties().problemText()).startsWith("Cannot open " + notACapture).contains("no sys/ inside");
        assertThat(window.source()).isSameAs(demo);
        assertThat(window.sourceControls().sourceMenu().getText()).isEqualTo("Source: simulated");
    }

    @Test
    void choosingAPre615KernelReplaysTheMachineWithoutPerMappingReferences(FxRobot robot) throws Exception {
        // dax0.1's folio at 512 MiB is mapped by db twice (A and B): R-rules of 6.15+ give it 1 + 2 references.
        long pgoff = (512L << 20) >> 12;
        assertThat(demo.folio("dax0.1", pgoff).orElseThrow().refcount()).isEqualTo(3);
        assertThat(window.sourceControls().profile().getValue()).isEqualTo(KernelProfile.V6_16);

        robot.interact(() -> window.sourceControls().profile().setValue(KernelProfile.V6_12));
        awaitSource(s -> s.snapshot().kernel() == KernelProfile.V6_12);

        DaxSource replayed = window.source();
        // Before 6.15 the devmap insert_pfn path takes neither a reference nor a mapcount (docs/spec-choices.md).
        assertThat(replayed.folio("dax0.1", pgoff).orElseThrow().refcount()).isEqualTo(1);
        assertThat(replayed.folio("dax0.1", pgoff).orElseThrow().mapcount()).isZero();
        assertThat(replayed.snapshot().processes()).extracting(p -> p.name() + "/" + p.vmas().size())
                .isEqualTo(demo.snapshot().processes().stream().map(p -> p.name() + "/" + p.vmas().size()).toList());
        assertThat(replayed.snapshot().devices()).extracting(d -> d.name() + "/" + d.size() + "/" + d.driver())
                .isEqualTo(demo.snapshot().devices().stream().map(d -> d.name() + "/" + d.size() + "/" + d.driver()).toList());
        assertThat(window.sourceControls().profile().getValue()).isEqualTo(KernelProfile.V6_12);
    }

    @Test
    void theRefreshIntervalIsKeptAndNamedInTheStatsView(FxRobot robot) {
        robot.interact(() -> {
            window.showView("stats");
            window.sourceControls().interval().setValue(2000L);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.preferences().refreshMillis()).isEqualTo(2000);
        assertThat(window.stats().title()).isEqualTo("Stats — the last 16 min, one sample every 2 s");
    }
}
