package dev.daxscope.ui;

import javafx.geometry.Orientation;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.Region;

/**
 * The window's body: the tree, the views and the properties side by side, and how their widths
 * follow the machine shown and the window's size. The tree widens to its rows and gives the width
 * back when another machine opens; the properties and the views keep their minimum in a narrow window.
 */
final class BodySplit {
    /** What the centre keeps when the tree widens: every tab's title stays on screen. */
    private static final double CENTRE_MIN_WIDTH = 560;
    /** The views' least width: with the tree's and the properties' minimum it fits 1024 px. */
    private static final double CENTRE_FLOOR = 420;
    private static final double TREE_DEFAULT = 0.2;
    private static final double TREE_MIN_WIDTH = 190;
    /** The share of the window the tree may take for its rows. */
    private static final double TREE_MAX = 0.35;
    /** Where the properties begin, as a share of the window, unless their minimum width needs more. */
    private static final double PROPERTIES_AT = 0.76;

    private final SplitPane split;
    private final ObjectTreeView tree;
    private final Region properties;
    /** Where the tree's divider was before it widened itself for the machine shown (the user's, or the default). */
    private double treeBase = TREE_DEFAULT;
    /** Where widening last put it: a divider still there was not dragged since. */
    private double treeWidened = -1;

    BodySplit(Region left, Region centre, Region properties, ObjectTreeView tree, InspectorViewModel model) {
        this.tree = tree;
        this.properties = properties;
        // The properties' values never narrow; neither does the tree below a device name and its size.
        left.setMinWidth(TREE_MIN_WIDTH);
        // A narrow window squeezes the tree and the properties to their minimum before the views.
        centre.setMinWidth(CENTRE_FLOOR);
        split = new SplitPane(left, centre, properties);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(TREE_DEFAULT, PROPERTIES_AT);
        model.transitionProperty().addListener((o, a, t) -> {
            if (t.change() == InspectorViewModel.Change.NEW_MACHINE) {
                narrowTreeForNewMachine();
            }
        });
        tree.widestRowProperty().addListener((o, a, w) -> widenTree(w.doubleValue()));
        split.widthProperty().addListener((o, a, w) -> {
            givePropertiesTheirShare();
            widenTree(tree.widestRowProperty().get());
        });
    }

    SplitPane split() {
        return split;
    }

    /**
     * The tree's pane widens to its widest row on screen (plus its scroll bar), up to 35 % of the
     * window and never into the centre's {@link #CENTRE_MIN_WIDTH}; it does not narrow while the
     * machine stays, so a width the user dragged to stays. Wider rows scroll sideways, and their
     * tooltip has all the text.
     */
    private void widenTree(double widestRow) {
        double total = split.getWidth();
        if (total <= 0 || widestRow <= 0 || tree.getWidth() <= 0) {
            return;
        }
        // The pane's width beyond the tree's (divider, borders), and the tree's vertical scroll bar.
        double besideTree = split.getDividerPositions()[0] * total - tree.getWidth() + 16 + 4;
        double room = split.getDividerPositions()[1] * total - CENTRE_MIN_WIDTH;
        double wanted = Math.min(Math.min(widestRow + besideTree, total * TREE_MAX), room) / total;
        if (wanted > split.getDividerPositions()[0] + 0.002) {
            if (!widenedByItself()) {
                treeBase = split.getDividerPositions()[0];
            }
            split.setDividerPosition(0, wanted);
            treeWidened = split.getDividerPositions()[0];
        }
    }

    /**
     * A window grown wide again gives the properties their share back: their minimum width moved
     * the divider left in a narrow window, and a divider keeps its fraction, not its reason.
     */
    private void givePropertiesTheirShare() {
        double total = split.getWidth();
        if (total > 0 && split.getDividerPositions()[1] < PROPERTIES_AT - 0.002
                && (1 - PROPERTIES_AT) * total >= properties.getMinWidth()) {
            split.setDividerPosition(1, PROPERTIES_AT);
        }
    }

    private boolean widenedByItself() {
        return treeWidened >= 0 && Math.abs(split.getDividerPositions()[0] - treeWidened) < 0.002;
    }

    /** Another machine: the tree gives back what it took for the last one's rows, then widens for this one's. */
    private void narrowTreeForNewMachine() {
        if (widenedByItself()) {
            split.setDividerPosition(0, treeBase);
        }
        treeWidened = -1;
    }
}
