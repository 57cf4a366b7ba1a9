package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A person previews and applies a resize of the demo's empty seed device, then enables it: the
 * system-ram line names the size it speaks of (the size now, not the one previewed), and
 * "Applied: …" goes once the device has changed again.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class WhatIfStaysTrueJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    @Test
    void theWhatIfLinesSpeakOfTheDeviceAsItIs(FxRobot robot) {
        robot.interact(() -> window.tree().select("device:dax0.0"));
        TestStages.settle(window);
        robot.clickOn(window.whatIf().sizeField()).write("268435456");
        robot.clickOn(window.whatIf().previewButton());
        Journeys.await(() -> window.whatIf().text().contains("Would succeed"));
        assertThat(window.whatIf().text()).contains("As system-ram (kmem), at its size now (0 B): ");

        robot.clickOn(window.whatIf().applyButton());
        Journeys.await(() -> window.whatIf().text().contains("Applied: dax0.0 size is now 268435456."));
        Journeys.await(() -> window.whatIf().text().contains("at its size now (256 MiB): 2 memory blocks of 128 MiB would be used"));
        assertThat(window.whatIf().text()).contains("Applied: dax0.0 size is now 268435456.");

        robot.interact(() -> window.actions().button("Enable (bind)").orElseThrow().fire());
        TestStages.settle(window);
        Journeys.await(() -> window.source().snapshot().device("dax0.0").orElseThrow().driver() == dev.daxscope.model.DriverKind.DEVICE_DAX);
        Journeys.await(() -> !window.whatIf().text().contains("Applied"));
    }
}
