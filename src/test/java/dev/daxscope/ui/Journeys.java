package dev.daxscope.ui;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.scene.control.ScrollPane;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** What the journeys share: reading what the window painted, on the FX thread, and waiting for it. */
final class Journeys {
    private Journeys() {
    }

    /** Reads {@code what} on the FX thread (canvas pixels, labels). */
    static <T> T onFx(Supplier<T> what) {
        try {
            return WaitForAsyncUtils.asyncFx(what::get).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Waits up to 60 s for {@code condition}, checked on the FX thread: a busy machine (load 15 on 2 cores) is slow, not wrong. */
    static void await(Supplier<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("waited 60 s in vain", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    static String status(MainWindow window) {
        return onFx(() -> window.model().statusProperty().get());
    }

    /** Chooses {@code item} in the toolbar's Source menu, as a person clicks it. */
    static void chooseSource(FxRobot robot, MainWindow window, String item) {
        robot.clickOn(window.sourceControls().sourceMenu());
        robot.clickOn(item);
    }

    /** Chooses kernel {@code expected} in the toolbar, by its entry's text, and waits until the page map shows the machine under it. */
    static void chooseKernel(FxRobot robot, MainWindow window, dev.daxscope.model.KernelProfile expected) {
        robot.clickOn(window.sourceControls().profile());
        robot.clickOn(window.sourceControls().profile().getConverter().toString(expected));
        await(() -> window.source().snapshot().kernel() == expected && window.pageMap().cellCount() > 0);
    }

    /** The process rows the Processes view paints, top to bottom. */
    static java.util.List<String> paintedProcessRows(FxRobot robot) {
        return onFx(() -> robot.lookup("#processes-tree .tree-cell").queryAllAs(javafx.scene.control.TreeCell.class).stream()
                .filter(c -> !c.isEmpty() && c.getTreeItem() != null && c.getTreeItem().getParent() != null
                        && c.getTreeItem().getParent().getParent() == null)
                .sorted(java.util.Comparator.comparingInt(javafx.scene.control.TreeCell::getIndex))
                .map(c -> c.getText()).toList());
    }

    /** Whether {@code query} finds a node that is on screen now: in a showing window and visible. */
    static boolean shown(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().map(n -> n.getScene() != null && n.getScene().getWindow() != null
                && n.getScene().getWindow().isShowing() && n.isVisible()).orElse(false);
    }

    /**
     * The node {@code query} finds, once it is on screen: a view may replace its nodes as it reads
     * again, so a journey touches what is shown, never a node looked up before.
     */
    static javafx.scene.Node shownNode(FxRobot robot, String query) {
        await(() -> shown(robot, query));
        return onFx(() -> robot.lookup(query).query());
    }

    /** Focuses the page map as a keyboard user does: a click in its margin, beside the cells, which selects none. */
    static void focusPageMap(FxRobot robot, MainWindow window) {
        robot.clickOn(robot.point(window.pageMap().lookup("Canvas")).atPosition(javafx.geometry.Pos.TOP_LEFT)
                .atOffset(new javafx.geometry.Point2D(4, 3)));
    }

    /**
     * Clicks the Processes row whose text starts with {@code start}, where it is on screen now: the
     * view updates its rows at every refresh, so a cell looked up earlier may hold another row by the click.
     */
    static void clickProcessRow(FxRobot robot, String start) {
        await(() -> robot.lookup("#processes-tree .tree-cell").queryAllAs(javafx.scene.control.TreeCell.class).stream()
                .anyMatch(c -> c.getText() != null && c.getText().startsWith(start)));
        javafx.geometry.Point2D at = onFx(() -> {
            javafx.scene.control.TreeCell<?> cell = robot.lookup("#processes-tree .tree-cell")
                    .queryAllAs(javafx.scene.control.TreeCell.class).stream()
                    .filter(c -> c.getText() != null && c.getText().startsWith(start)).findFirst().orElseThrow();
            javafx.geometry.Bounds b = cell.localToScreen(cell.getBoundsInLocal());
            return new javafx.geometry.Point2D(b.getMinX() + 80, b.getCenterY());
        });
        robot.clickOn(at);
        await(() -> {
            javafx.scene.control.TreeView<?> tree = (javafx.scene.control.TreeView<?>) robot.lookup("#processes-tree").query();
            Object selected = tree.getSelectionModel().getSelectedItem();
            return selected != null && String.valueOf(((javafx.scene.control.TreeItem<?>) selected).getValue()).startsWith(start);
        });
    }

    /** Scrolls Memory tiers so that {@code query}'s node is at the top of the view, as a person scrolls to it. */
    static void scrollMemoryTiersTo(FxRobot robot, String query) {
        javafx.scene.Node target = shownNode(robot, query);
        robot.interact(() -> {
            ScrollPane scroll = robot.lookup(".memory-tiers .scroll-pane").queryAs(ScrollPane.class);
            javafx.scene.Node content = scroll.getContent();
            double y = content.sceneToLocal(target.localToScene(0, 0)).getY();
            double room = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            scroll.setVvalue(room <= 0 ? 0 : Math.min(1, y / room));
        });
        TestStages.settleFx();
    }
}
