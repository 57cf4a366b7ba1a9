package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.model.MachineSnapshot.MemoryBlockInfo;
import dev.daxscope.source.linux.Snapshots;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person opens the capture of a real 6.16 guest's 2M pmem device and selects dax0.0: What if
 * names the memory blocks a reconfigure to system-ram would add, worked out by the simulated
 * kernel's own R84 arithmetic (before, a real machine said only that a preview needs the
 * simulator). The capture of the same guest after {@code daxctl reconfigure-device -m system-ram}
 * holds exactly those blocks as new ones.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class RealSystemRamPreviewJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    private static Set<Long> blocks(Path capture) throws java.io.IOException {
        return Snapshots.open(capture).snapshot().memory().blocks().stream().map(MemoryBlockInfo::index)
                .collect(Collectors.toSet());
    }

    @Test
    void theSystemRamPreviewOfARealDeviceNamesTheBlocksTheKernelAdded(FxRobot robot) throws Exception {
        Path before = TestFiles.realCapture("pmem-2m-6.16");
        robot.interact(() -> window.openSource(before.toString(), () -> Snapshots.open(before)));
        Journeys.await(() -> window.source().name().equals(before.toString()));
        robot.interact(() -> window.tree().select("device:dax0.0"));
        TestStages.settle(window);

        Set<Long> added = blocks(TestFiles.realCapture("pmem-2m-system-ram-6.16"));
        added.removeAll(blocks(before));
        List<Long> expected = added.stream().sorted().toList();
        assertThat(expected).as("the real kernel added blocks").isNotEmpty();
        long block = window.source().snapshot().memory().blockSize();
        long size = window.source().snapshot().device("dax0.0").orElseThrow().size();
        assertThat(window.whatIf().text()).contains("As system-ram (kmem), at its size now (").contains(expected.size() + " memory blocks of "
                + Format.size(block) + " would be used (" + WhatIfPanel.blockNames(expected) + ", ")
                .contains(Format.size(size - expected.size() * block) + " would be lost to memory-block alignment (R84)")
                .doesNotContain("needs the simulator");
    }
}
