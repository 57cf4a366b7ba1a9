package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.TreeItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Headless TestFX tests of the main window on the demo machine (the headless screen is 1000x1000). */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class MainWindowTest {
    private MainWindow window;
    private SimulatedSource source;

    @Start
    void start(Stage stage) {
        source = SimulatedSource.demo();
        window = TestStages.show(stage, source);
    }

    static List<String> labels(TreeItem<TreeObject> item) {
        List<String> out = new ArrayList<>();
        out.add(item.getValue().label());
        item.getChildren().forEach(c -> out.addAll(labels(c)));
        return out;
    }

    @Test
    void treeShowsProvidersRegionsDevicesAndBadges() {
        List<String> all = labels(window.tree().getRoot());
        assertThat(all).anyMatch(l -> l.startsWith("CXL provider"));
        assertThat(all).anyMatch(l -> l.startsWith("dax0.1") && l.contains("[device_dax]"));
        assertThat(all).anyMatch(l -> l.startsWith("dax2.0") && l.contains("[kmem]"));
        assertThat(all).anyMatch(l -> l.startsWith("dax0.0") && l.contains("[unbound]"));
        assertThat(all).contains("/proc/iomem").anyMatch(l -> l.endsWith("CXL Window 2"))
                .anyMatch(l -> l.strip().endsWith("  System RAM (kmem)"));
    }

    @Test
    void selectingADeviceShowsItsSysfsAttributesAndPageMap(FxRobot robot) {
        robot.interact(() -> select("device:dax0.2"));
        TestStages.settle(window);
        assertThat(window.pageMap().device()).isEqualTo("dax0.2");
        assertThat(window.properties().values()).containsEntry("align", "4096");
    }

    @Test
    void aNodesMeminfoIsShownLineByLine(FxRobot robot) {
        robot.interact(() -> select("node:2"));
        TestStages.settle(window);
        String meminfo = window.properties().values().get("meminfo");
        assertThat(meminfo).contains("MemTotal").contains("MemFree");
        javafx.scene.control.TextArea shown = robot.from(window.properties()).lookup(".read-only-value")
                .queryAllAs(javafx.scene.control.TextArea.class).stream().findFirst().orElseThrow();
        assertThat(shown.getText().lines()).as("every line of meminfo on its own line").hasSize((int) meminfo.strip().lines().count())
                .anyMatch(l -> l.contains("MemFree"));
        assertThat(shown.getPrefRowCount()).isGreaterThanOrEqualTo(Math.min(24, (int) meminfo.strip().lines().count()));
    }

    @Test
    void aCxlProvidersRegionShowsTheCxlRegionBehindIt(FxRobot robot) {
        assertThat(labels(window.tree().getRoot())).anyMatch(l -> l.startsWith("region 2") && l.endsWith("← cxl region2"));
        robot.interact(() -> select("region:2"));
        TestStages.settle(window);
        assertThat(window.properties().values()).containsEntry("cxl mode", "ram").containsEntry("cxl interleave_ways", "1");
        assertThat(robot.lookup("CXL region2").tryQuery()).isPresent();
    }

    @Test
    void aPoisonedLineMarksItsDeviceInTheTree(FxRobot robot) {
        // The cache process faulted dax0.2's first page in, so memory_failure finds a folio to poison (R92).
        long line = source.snapshot().device("dax0.2").orElseThrow().ranges().getFirst().start();
        assertThat(source.write("/sys/devices/system/memory/hard_offline_page", "0x" + Long.toHexString(line)).isOk()).isTrue();
        robot.interact(window::refreshNow);
        assertThat(source.snapshot().device("dax0.2").orElseThrow().poisoned()).containsExactly(line);
        assertThat(source.snapshot().device("dax0.1").orElseThrow().poisoned()).isEmpty();
        assertThat(labels(window.tree().getRoot())).anyMatch(l -> l.startsWith("dax0.2") && l.endsWith(" poisoned"))
                .noneMatch(l -> l.startsWith("dax0.1") && l.contains("poisoned"));
    }

    @Test
    void keyboardShortcutsReachTheViewsTheFilterAndPause(FxRobot robot) {
        robot.clickOn(window.tree());
        robot.push(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.DIGIT3);
        assertThat(window.selectedTabText()).isEqualTo("Processes");
        robot.push(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.DIGIT1);
        assertThat(window.selectedTabText()).isEqualTo("Region map");
        robot.clickOn(window.tree());
        robot.push(javafx.scene.input.KeyCode.SPACE);
        assertThat(window.liveToggle().isSelected()).as("Space pauses").isFalse();
        robot.push(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.F);
        assertThat(window.selectedTabText()).isEqualTo("Fault log");
        robot.write("PMD");
        assertThat(window.faultLog().shownEvents()).isNotEmpty().allSatisfy(e -> assertThat(e.level()).isEqualTo("PMD"));
    }

    @Test
    void onAHiDpiScreenThePageMapPaintsDevicePixels(FxRobot robot) {
        robot.interact(() -> select("device:dax0.1"));
        int[] normal = window.pageMap().bufferSize();
        assertThat(normal[0]).isPositive();
        robot.interact(() -> window.pageMap().forceRenderScale(2));
        assertThat(window.pageMap().bufferSize()).containsExactly(normal[0] * 2, normal[1] * 2);
        robot.interact(() -> window.pageMap().forceRenderScale(1));
    }

    @Test
    void arrowKeysMoveACursorWhoseFolioIsDescribedBelowTheMap(FxRobot robot) {
        robot.interact(() -> select("device:dax0.1"));
        Journeys.focusPageMap(robot, window);
        assertThat(window.pageMap().cursor()).isEqualTo(-1);
        robot.type(javafx.scene.input.KeyCode.RIGHT);
        assertThat(window.pageMap().cursor()).isZero();
        // dax0.1's first folio is mapped once, by db's first mapping with a PMD entry: ref = 1 + 1 (6.16).
        assertThat(window.pageMap().cursorText()).startsWith("dax0.1 folio 0 ").contains("ref 2  map 1")
                .contains("db (1000)").contains("PMD");
        robot.type(javafx.scene.input.KeyCode.RIGHT, javafx.scene.input.KeyCode.DOWN);
        int columns = window.pageMap().cursor() - 1;
        assertThat(columns).isPositive();
        assertThat(window.pageMap().cursorText()).startsWith("dax0.1 folio " + (1 + columns) + " ");
        robot.interact(() -> select("device:dax0.2"));
        assertThat(window.pageMap().cursor()).as("another device starts without a cursor").isEqualTo(-1);
        assertThat(window.pageMap().cursorText()).isEmpty();
    }

    @Test
    void aRefusedEditShowsErrnoRuleAndReasonInline(FxRobot robot) {
        robot.interact(() -> select("device:dax0.1"));
        TestStages.settle(window);
        var size = window.properties().editor("size");
        robot.interact(() -> size.setText("1048576"));
        robot.clickOn(size).type(javafx.scene.input.KeyCode.ENTER);
        TestStages.settle(window);
        assertThat(window.properties().problemShown()).isTrue();
        assertThat(window.properties().problemText()).contains("EINVAL").contains("R28");
        assertThat(size.getText()).as("the field keeps what the machine has").isEqualTo("2147483648");
        assertThat(source.snapshot().device("dax0.1").orElseThrow().size()).isEqualTo(2L << 30);
    }

    @Test
    void startingAWorkloadChangesThePageMapAndPausingFreezesIt(FxRobot robot) throws Exception {
        robot.interact(() -> select("device:dax0.2"));
        robot.interact(window::start);
        long before = window.pageMap().shownStampSum();
        // The toolbar overflows at the 1000 px headless screen, so fire the button rather than click it.
        robot.interact(() -> window.workload().button().fire());
        var workloads = source.workloads().orElseThrow();
        try {
            WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                    () -> window.pageMap().shownStampSum() != before);
            robot.clickOn(window.liveToggle());
            WaitForAsyncUtils.waitForFxEvents();
            long frozen = window.pageMap().shownStampSum();
            long accesses = workloads.accessesDone();
            WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                    () -> workloads.accessesDone() > accesses + 20_000);
            WaitForAsyncUtils.waitForFxEvents(5);
            assertThat(window.pageMap().shownStampSum()).as("paused page map").isEqualTo(frozen);
            assertThat(window.liveToggle().getText()).contains("Paused");
        } finally {
            workloads.stop();
            robot.interact(window::stop);
        }
        assertThat(workloads.running()).isFalse();
    }

    @Test
    void theWheelAndKeysZoomThePageMapIntoAWindowOfFoliosAndFitShowsAllAgain(FxRobot robot) {
        robot.interact(() -> select("device:dax0.1"));
        WaitForAsyncUtils.waitForFxEvents();
        // dax0.1: 2 GiB of 2 MiB folios.
        assertThat(window.pageMap().window()).containsExactly(0, 1024);
        robot.interact(() -> window.pageMap().zoom(2, 0.5));
        assertThat(window.pageMap().window()).containsExactly(256, 768);
        robot.interact(() -> window.pageMap().pan(0.5));
        assertThat(window.pageMap().window()).containsExactly(512, 1024);
        robot.interact(() -> window.pageMap().pan(0.5));
        assertThat(window.pageMap().window()).as("panning stops at the device's end").containsExactly(512, 1024);
        for (int i = 0; i < 3; i++) {
            robot.interact(() -> window.pageMap().zoom(2, 0));
        }
        assertThat(window.pageMap().window()).as("zooming in stops at 64 folios, anchored at the left edge")
                .containsExactly(512, 576);
        robot.interact(() -> window.pageMap().zoom(2, 0));
        assertThat(window.pageMap().showsPages()).as("then opens the folio at the left edge").isTrue();
        assertThat(window.pageMap().window()).containsExactly(512, 513);
        Journeys.focusPageMap(robot, window);
        robot.type(javafx.scene.input.KeyCode.DIGIT0);
        assertThat(window.pageMap().window()).containsExactly(0, 1024);
        robot.type(javafx.scene.input.KeyCode.EQUALS);
        assertThat(window.pageMap().window()).containsExactly(256, 768);
        robot.type(javafx.scene.input.KeyCode.PAGE_DOWN);
        assertThat(window.pageMap().window()).containsExactly(512, 1024);
        robot.interact(() -> select("device:dax0.2"));
        assertThat(window.pageMap().window()).as("another device starts unzoomed").containsExactly(0, 131072);
    }

    @Test
    void faultLogFiltersAndExportsCsvJsonAndTheViewAsPng(FxRobot robot, @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        robot.interact(() -> {
            window.showView("fault-log");
            window.refreshNow();
        });
        WaitForAsyncUtils.waitForFxEvents();
        int all = window.faultLog().shownEvents().size();
        assertThat(all).isGreaterThan(100);
        robot.interact(() -> window.faultLog().filter("dax1.0"));
        List<dev.daxscope.model.FaultEvent> shown = window.faultLog().shownEvents();
        assertThat(shown).isNotEmpty().allSatisfy(e -> assertThat(e.device()).isEqualTo("dax1.0"));
        assertThat(shown.size()).isLessThan(all);
        java.nio.file.Path csv = tmp.resolve("log.csv");
        java.nio.file.Path json = tmp.resolve("log.json");
        java.nio.file.Path png = tmp.resolve("view.png");
        robot.interact(() -> {
            window.faultLog().export(csv, "csv");
            window.faultLog().export(json, "json");
            try {
                window.exportView(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        TestStages.settle(window);
        List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("seq,nanos,kind,pid,address,device,pgoff,folio,level,result");
        assertThat(lines).hasSize(shown.size() + 1);
        assertThat(lines.get(1)).contains(",dax1.0,");
        var tree = tools.jackson.databind.json.JsonMapper.builder().build().readTree(java.nio.file.Files.readString(json));
        assertThat(tree.size()).isEqualTo(shown.size());
        assertThat(tree.get(0).get("device").asString()).isEqualTo("dax1.0");
        assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isGreaterThan(100);
    }

    @Test
    void pausingTheFaultLogHoldsItStillAndResumingShowsWhatArrived(FxRobot robot) {
        robot.interact(() -> {
            window.showView("fault-log");
            window.refreshNow();
        });
        int before = window.faultLog().shownEvents().size();
        robot.interact(() -> window.faultLog().pause(true));
        var db = source.kernel().processes().values().stream().filter(p -> p.name().equals("db")).findFirst().orElseThrow();
        robot.interact(() -> {
            // Four new PMD faults in db's 2 GiB mapping A (offset 0), past the 1 GiB it touched.
            var mm = source.kernel().mm();
            long a = java.util.Arrays.stream(db.vmas()).filter(v -> v.pgoff() == 0).findFirst().orElseThrow().start();
            for (int i = 0; i < 4; i++) {
                mm.access(mm.defaultContext(), db, a + (1L << 30) + ((long) i << 21), true);
            }
            window.refreshNow();
        });
        assertThat(window.faultLog().shownEvents()).as("paused log").hasSize(before);
        robot.interact(() -> window.faultLog().pause(false));
        assertThat(window.faultLog().shownEvents()).hasSizeGreaterThanOrEqualTo(before + 4);
        assertThat(window.faultLog().shownEvents().getLast().pid()).isEqualTo(db.pid());
    }

    @Test
    void scenarioStepsShowNarrationAndTheMachineTheyBuild(FxRobot robot, @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path script = tmp.resolve("lesson.dax");
        java.nio.file.Files.writeString(script, """
                say "Make a device"
                region RA dynamic start=0x100000000 size=1G
                write @RA/create 1
                write /sys/bus/dax/devices/dax0.1/size 0x200000
                bind dax0.1 device_dax
                pause
                say "Map and touch it"
                spawn P
                P open /dev/dax0.1 as F
                P mmap F len=2M as A
                P read A
                folio dax0.1 pgoff=0 => ref=2 map=1
                """);
        robot.interact(() -> window.scenarios().open(script));
        TestStages.settle(window);
        robot.interact(() -> window.scenarios().step());
        assertThat(window.scenarios().narrationText()).isEqualTo("Make a device");
        robot.interact(() -> window.scenarios().play());
        List<String> afterFirstPart = labels(window.tree().getRoot());
        assertThat(afterFirstPart).anyMatch(l -> l.startsWith("dax0.1") && l.contains("[device_dax]"));
        robot.interact(() -> window.scenarios().play());
        assertThat(window.scenarios().narrationText()).as("Play stops at the next say").isEqualTo("Map and touch it");
        robot.interact(() -> window.scenarios().play());
        assertThat(window.scenarios().lastStepText()).contains("ref=2 map=1").contains("✓");
        robot.interact(() -> window.scenarios().back());
        assertThat(window.scenarios().lastStepText()).contains("P read A");
    }

    @Test
    void whatIfShowsBlockLossAndDryRunsAResizeWithoutChangingAnything(FxRobot robot,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        robot.interact(() -> select("device:dax0.1"));
        TestStages.settle(window);
        assertThat(window.whatIf().text()).contains("16 memory blocks of 128 MiB").contains("0 B would be lost");
        robot.interact(() -> window.whatIf().preview("4096"));
        TestStages.settle(window);
        assertThat(window.whatIf().text()).contains("Would fail: EINVAL").contains("R28");
        robot.interact(() -> select("device:dax0.0"));
        robot.interact(() -> window.whatIf().preview("2097152"));
        TestStages.settle(window);
        assertThat(window.whatIf().text()).contains("Would succeed").contains("mapping0  0x1a0000000");
        assertThat(source.snapshot().device("dax0.0").orElseThrow().size()).isZero();
        java.nio.file.Path saved = tmp.resolve("saved.dax");
        robot.interact(() -> window.scenarios().saveAsScenario(saved));
        TestStages.settle(window);
        assertThat(java.nio.file.Files.readString(saved)).contains("region D dynamic").contains("spawn db");
    }

    @Test
    void selectingAMappingLightsUpItsPagesOnItsDevice(FxRobot robot) throws Exception {
        robot.interact(() -> select("device:dax0.2"));
        robot.interact(() -> window.showView("processes"));
        TreeItem<String> db = window.processes().tree().getRoot().getChildren().stream()
                .filter(p -> p.getValue().startsWith("db")).findFirst().orElseThrow();
        // the demo's db process maps 256 MiB of the 2 GiB dax0.1 from offset 512 MiB with its second mapping,
        // which top-down is the lower one, listed first
        TreeItem<String> mapping = db.getChildren().get(0);
        assertThat(mapping.getValue()).contains("dax0.1").contains("pgoff 0x20000");
        robot.interact(() -> window.processes().tree().getSelectionModel().select(mapping));
        robot.interact(() -> window.showView("page-map"));
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> window.pageMap().cellCount() > 0);
        PageMapView pageMap = window.pageMap();
        assertThat(pageMap.device()).isEqualTo("dax0.1");
        int cells = pageMap.cellCount();
        assertThat(pageMap.highlighted(0)).isFalse();
        assertThat(pageMap.highlighted((int) (cells * 0.3))).isTrue();
        assertThat(pageMap.highlighted(cells - 1)).isFalse();
        robot.interact(() -> window.processes().tree().getSelectionModel().clearSelection());
        assertThat(pageMap.highlighted(0)).isTrue();
    }

    @Test
    void openingAMappingListsItsEntriesAndARefreshKeepsItOpen(FxRobot robot) {
        robot.interact(() -> window.showView("processes"));
        TreeItem<String> db = window.processes().tree().getRoot().getChildren().stream()
                .filter(p -> p.getValue().startsWith("db")).findFirst().orElseThrow();
        // A, mapped first, is the higher of db's two mappings: listed second, as /proc/PID/maps would.
        TreeItem<String> mappingA = db.getChildren().get(1);
        robot.interact(() -> mappingA.setExpanded(true));
        // db wrote the first 1 GiB of its 2 GiB mapping of dax0.1 with 2 MiB steps: 512 PMD entries.
        assertThat(mappingA.getChildren().getFirst().getValue()).endsWith("PMD  → pgoff 0x0  folio 0  rw dirty");
        assertThat(mappingA.getChildren()).hasSize(17);
        assertThat(mappingA.getChildren().getLast().getValue()).isEqualTo("… 496 more entries");
        robot.interact(window::refreshNow);
        assertThat(mappingA.isExpanded()).isTrue();
        assertThat(window.processes().tree().getRoot().getChildren()).as("rows updated in place").contains(db);
        // A new process changes the rows: the tree is rebuilt, and the open mapping is open again.
        robot.interact(() -> {
            source.kernel().spawn("newcomer");
            window.refreshNow();
        });
        assertThat(window.processes().tree().getRoot().getChildren()).anyMatch(p -> p.getValue().startsWith("newcomer"));
        TreeItem<String> again = window.processes().tree().getRoot().getChildren().stream()
                .filter(p -> p.getValue().startsWith("db")).findFirst().orElseThrow().getChildren().get(1);
        assertThat(again.isExpanded()).isTrue();
    }

    @Test
    void openedScenariosAndTheThemeArePersisted(FxRobot robot, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("preferences.properties");
        java.nio.file.Path script = java.nio.file.Path.of("scenarios/01-seed-commit.dax").toAbsolutePath();
        MainWindow[] persisted = new MainWindow[1];
        robot.interact(() -> {
            persisted[0] = new MainWindow(SimulatedSource.demo(), UiPreferences.load(file));
            persisted[0].scenarios().open(script);
            ((javafx.scene.layout.BorderPane) persisted[0].root()).getTop().lookupAll(".button").stream()
                    .filter(n -> n instanceof javafx.scene.control.Button b && b.getText().equals("Dark"))
                    .map(javafx.scene.control.Button.class::cast).findFirst().orElseThrow().fire();
        });
        TestStages.settle(persisted[0]);
        UiPreferences reloaded = UiPreferences.load(file);
        assertThat(reloaded.recentScenarios()).containsExactly(script.normalize());
        assertThat(reloaded.dark()).isTrue();
        robot.interact(() -> persisted[0] = new MainWindow(SimulatedSource.demo(), reloaded));
        assertThat(persisted[0].root().getStyleClass()).contains("dark");
    }

    @Test
    void clickingARangeInTheRegionMapSelectsItsDevice(FxRobot robot) throws Exception {
        robot.interact(() -> select("device:dax0.1"));
        robot.interact(() -> window.showView("region-map"));
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> window.regionMap().centreOf("dax0.2").isPresent());
        double[] at = window.regionMap().centreOf("dax0.2").orElseThrow();
        assertThat(window.regionMap().describe(at[0], at[1])).startsWith("dax0.2 mapping0: 0x").contains("512 MiB");
        robot.clickOn(window.regionMap().toScreen(at[0], at[1]));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.tree().getSelectionModel().getSelectedItem().getValue().key()).isEqualTo("device:dax0.2");
    }

    @Test
    void zoomingTheRegionMapWidensADevicesBandAroundThePointer(FxRobot robot) throws Exception {
        robot.interact(() -> window.showView("region-map"));
        // The tiers read at start relabels the tree, which may widen it and narrow the map: measure after.
        window.model().tasks().drain(10, java.util.concurrent.TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> window.regionMap().centreOf("dax0.2").isPresent());
        // Region 0 is 4 GiB; dax0.2's 512 MiB range is its fraction 0.5 .. 0.625.
        double before = bandWidth("dax0.2");
        double[] at = window.regionMap().centreOf("dax0.2").orElseThrow();
        robot.moveTo(window.regionMap().toScreen(at[0], at[1]));
        robot.scroll(javafx.geometry.VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.regionMap().view()[1] - window.regionMap().view()[0]).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(bandWidth("dax0.2")).isCloseTo(before * 2, org.assertj.core.data.Offset.offset(1.0));
        double[] after = window.regionMap().centreOf("dax0.2").orElseThrow();
        assertThat(window.regionMap().deviceAt(at[0], at[1])).as("the pointer stays over dax0.2").contains("dax0.2");
        assertThat(window.regionMap().describe(after[0], after[1])).startsWith("dax0.2 mapping0");
        robot.interact(() -> window.regionMap().fit());
        assertThat(window.regionMap().view()).containsExactly(0, 1);
        assertThat(bandWidth("dax0.2")).isCloseTo(before, org.assertj.core.data.Offset.offset(0.01));
    }

    private double bandWidth(String device) {
        double[] c = window.regionMap().centreOf(device).orElseThrow();
        double left = c[0];
        while (window.regionMap().deviceAt(left - 0.5, c[1]).filter(device::equals).isPresent()) {
            left -= 0.5;
        }
        double right = c[0];
        while (window.regionMap().deviceAt(right + 0.5, c[1]).filter(device::equals).isPresent()) {
            right += 0.5;
        }
        return right - left;
    }

    @Test
    void thePropertySheetFollowsAChangeThatLeavesTheTreeRowsAlone(FxRobot robot) {
        robot.interact(() -> select("device:dax0.2"));
        assertThat(source.write("/sys/bus/dax/drivers/device_dax/unbind", "dax0.2").isOk()).isTrue();
        assertThat(source.write("/sys/bus/dax/devices/dax0.2/align", "2097152").isOk()).isTrue();
        assertThat(source.write("/sys/bus/dax/drivers/device_dax/bind", "dax0.2").isOk()).isTrue();
        robot.interact(window::refreshNow);
        TestStages.settle(window);
        assertThat(window.properties().values()).containsEntry("align", "2097152");
    }

    private void select(String key) {
        window.tree().select(key);
    }
}
