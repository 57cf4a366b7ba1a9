package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The demo's system-ram device dax2.0 names its node and tier in the tree, as links: a click on
 * the tier shows it in Memory tiers, N on the selected row selects the node (and the Processes
 * view lists who is on it), T shows the tier. In a wide window the tree widens to the row, so
 * nothing of it is cut off; in a narrow one the row's tooltip has all of it.
 */
@ExtendWith({ApplicationExtension.class, FailureScreenshots.class})
class TreeLinksJourney {
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = TestStages.show(stage, SimulatedSource.demo());
    }

    private static TreeCell<?> row(FxRobot robot, String start) {
        return Journeys.onFx(() -> robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> c.getItem() != null && ((TreeObject) c.getItem()).label().startsWith(start)).findFirst().orElseThrow());
    }

    private String selectedTab() {
        return Journeys.onFx(() -> ((TabPane) window.root().lookup(".tab-pane")).getSelectionModel().getSelectedItem().getText());
    }

    @Test
    void theSystemRamRowLinksToItsNodeAndTier(FxRobot robot) {
        Journeys.await(() -> robot.lookup(".tree-tier-link").tryQuery().map(Node::isVisible).orElse(false));
        TreeCell<?> dax20 = row(robot, "dax2.0");
        assertThat(robot.from(dax20).lookup(".label").queryAllAs(Label.class).stream().map(Label::getText))
                .contains("dax2.0  2 GiB  [kmem]  →");
        // In this narrow window the text gives way to the links, but never the device's name (issue 24: "…");
        // what does not fit scrolls sideways, and N and T reach the links from the keyboard (below).
        Journeys.await(() -> robot.from(dax20).lookup(".label").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().startsWith("dax2.0") && l.getWidth() >= TextFit.width("dax2.0 …", l.getFont())));
        assertThat(robot.from(dax20).lookup(".tree-node-link").queryAs(Hyperlink.class).getText()).isEqualTo("node2");
        assertThat(robot.from(dax20).lookup(".tree-tier-link").queryAs(Hyperlink.class).getText()).isEqualTo("tier 22");
        assertThat(dax20.getTooltip().getText()).startsWith("dax2.0  2 GiB  [kmem]  → node2 · memory_tier22");

        // The person scrolls the tree sideways to the link and clicks it.
        javafx.scene.control.ScrollBar sideways = Journeys.onFx(() -> window.tree().lookupAll(".scroll-bar").stream()
                .map(javafx.scene.control.ScrollBar.class::cast).filter(b -> b.getOrientation() == javafx.geometry.Orientation.HORIZONTAL)
                .findFirst().orElseThrow());
        robot.interact(() -> sideways.setValue(sideways.getMax()));
        robot.clickOn(Journeys.onFx(() -> robot.from(row(robot, "dax2.0")).lookup(".tree-tier-link").queryAs(Hyperlink.class)));
        Journeys.await(() -> robot.lookup("#memory-tier-22").tryQuery().map(b -> b.getPseudoClassStates()
                .contains(PseudoClass.getPseudoClass("selected"))).orElse(false));
        assertThat(selectedTab()).isEqualTo("Memory tiers");
        robot.interact(() -> sideways.setValue(0));
        assertThat(robot.lookup("#memory-tier-4").query().getPseudoClassStates()).doesNotContain(PseudoClass.getPseudoClass("selected"));

        // The keyboard: select the row, N goes to its node (and who is on it), T to its tier.
        robot.clickOn(robot.point(row(robot, "dax2.0")).atPosition(Pos.CENTER_LEFT).atOffset(new Point2D(60, 0)));
        robot.type(KeyCode.N);
        Journeys.await(() -> window.model().selectionProperty().get() instanceof TreeObject.NumaNode n && n.id() == 2);
        assertThat(selectedTab()).isEqualTo("Memory tiers").as("the tiers view lists who is on node 2 itself");
        robot.clickOn("Page map");
        robot.clickOn(robot.point(row(robot, "dax2.0")).atPosition(Pos.CENTER_LEFT).atOffset(new Point2D(60, 0)));
        robot.type(KeyCode.N);
        Journeys.await(() -> "Processes".equals(selectedTab()));
        Journeys.await(() -> robot.lookup("#processes-node-2").tryQuery().map(b -> ((javafx.scene.control.ToggleButton) b)
                .isSelected()).orElse(false));
        robot.clickOn(robot.point(row(robot, "dax2.0")).atPosition(Pos.CENTER_LEFT).atOffset(new Point2D(60, 0)));
        robot.type(KeyCode.T);
        Journeys.await(() -> "Memory tiers".equals(selectedTab()));
    }

    @Test
    void inAWideWindowTheTreeWidensToTheWholeRow(FxRobot robot) {
        robot.interact(() -> stage.setWidth(1300));
        Journeys.await(() -> robot.lookup(".tree-tier-link").tryQuery().map(Node::isVisible).orElse(false));
        // The whole row: its text is not cut short and its links end inside the tree.
        Journeys.await(() -> {
            TreeCell<?> dax20 = row(robot, "dax2.0");
            Bounds tree = window.tree().localToScene(window.tree().getBoundsInLocal());
            return robot.from(dax20).lookup(".label").queryAllAs(Label.class).stream().noneMatch(Label::isTextTruncated)
                    && robot.from(dax20).lookup(".hyperlink").queryAll().stream()
                    .allMatch(l -> l.localToScene(l.getBoundsInLocal()).getMaxX() <= tree.getMaxX());
        });
        // The centre keeps its tabs: every title is on screen.
        double sceneWidth = window.root().getScene().getWidth();
        java.util.Set<Node> tabs = robot.lookup(".tab-header-area .tab").queryAll();
        assertThat(tabs).isNotEmpty().allMatch(t -> t.localToScene(t.getBoundsInLocal()).getMaxX() <= sceneWidth);
    }
}
