package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A row the person opened stays open when the machine changes under it (here another device is
 * unbound, which relabels the tree): the tree used to be rebuilt with every device collapsed.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class TreeExpansionJourney {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    private TreeItem<TreeObject> item(String key) {
        return Journeys.onFx(() -> find(window.tree().getRoot(), key));
    }

    private static TreeItem<TreeObject> find(TreeItem<TreeObject> item, String key) {
        if (item.getValue().key().equals(key)) {
            return item;
        }
        return item.getChildren().stream().map(c -> find(c, key)).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    @Test
    void anOpenedDeviceStaysOpenWhenAnotherDeviceChanges(FxRobot robot) {
        robot.interact(() -> {
            window.tree().select("device:dax0.1");
            window.tree().requestFocus();
        });
        robot.type(KeyCode.RIGHT);
        Journeys.await(() -> item("device:dax0.1").isExpanded());

        assertThat(window.model().source().write("/sys/bus/dax/drivers/device_dax/unbind", "dax0.2").isOk()).isTrue();
        Journeys.await(() -> Journeys.onFx(() -> {
            window.model().refreshStructure();
            return find(window.tree().getRoot(), "device:dax0.2").getValue().label().contains("[unbound]");
        }));

        assertThat(item("device:dax0.1").isExpanded()).as("dax0.1 still open after the tree was relabelled").isTrue();
    }
}
