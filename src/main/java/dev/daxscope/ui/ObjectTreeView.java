package dev.daxscope.ui;

import dev.daxscope.model.IomemRange;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.RangeInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.RegionKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;

/**
 * The object tree: providers → regions → devices → mappings, NUMA nodes, memory blocks,
 * /proc/iomem and what could not be read, as {@link TreeObject}s. Its selection is the
 * view-model's; a rebuild with the same rows keeps the tree (and its selection) as it is. A
 * system-ram device's row links to its NUMA node and memory tier (a click on the link, or N and
 * T on the selected row).
 */
final class ObjectTreeView extends TreeView<TreeObject> {
    private final InspectorViewModel model;
    private List<TreeObject> shownRows = List.of();
    /** Set while the tree follows the view-model, so that does not count as the user's click. */
    private boolean following;
    /** The node (and tier, if it is in one) of each system-ram device, by device name. */
    private Map<String, NodeLink> links = Map.of();
    private java.util.function.Supplier<dev.daxscope.model.MemoryTopology> topology =
            () -> dev.daxscope.model.MemoryTopology.unavailable("not read");
    private IntConsumer onTier = t -> { };

    private final javafx.beans.property.ReadOnlyDoubleWrapper widestRow = new javafx.beans.property.ReadOnlyDoubleWrapper();

    /**
     * Where a system-ram device's memory went: its node and tier ({@code tier} null when the node
     * is in none, {@code tierKnown} false before the tiers are read); {@code suffix} ends its label.
     */
    private record NodeLink(int node, Integer tier, boolean tierKnown, String suffix) {
    }

    ObjectTreeView(InspectorViewModel model) {
        this.model = model;
        setShowRoot(false);
        setCellFactory(t -> new KindCell());
        getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!following) {
                model.select(b == null ? null : b.getValue());
            }
        });
        model.selectionProperty().addListener((o, a, b) -> follow(b));
        model.snapshotProperty().addListener((o, a, s) -> rebuild(s));
        model.transitionProperty().addListener((o, a, t) -> {
            shownRows = List.of();
            rebuild(model.snapshot());
            if (model.selectionProperty().get() == null && model.shownDeviceProperty().get() != null) {
                select("device:" + model.shownDeviceProperty().get());
            }
        });
        rebuild(model.snapshot());
        setOnKeyPressed(e -> {
            NodeLink link = selectedLink();
            if (link != null && e.getCode() == KeyCode.N) {
                select("node:" + link.node());
                e.consume();
            } else if (link != null && link.tier() != null && e.getCode() == KeyCode.T) {
                onTier.accept(link.tier());
                e.consume();
            }
        });
        String first = model.shownDeviceProperty().get();
        if (first != null) {
            select("device:" + first);
        }
    }

    /** Selects the row with {@code key} (e.g. device:dax0.1), as a click would; false if there is none. */
    boolean select(String key) {
        TreeItem<TreeObject> item = find(getRoot(), key);
        if (item != null) {
            getSelectionModel().select(item);
        }
        return item != null;
    }

    private void follow(TreeObject selected) {
        TreeItem<TreeObject> item = selected == null ? null : find(getRoot(), selected.key());
        if (item == getSelectionModel().getSelectedItem()) {
            return;
        }
        following = true;
        try {
            if (item == null) {
                getSelectionModel().clearSelection();
            } else {
                getSelectionModel().select(item);
            }
        } finally {
            following = false;
        }
    }

    private static TreeItem<TreeObject> find(TreeItem<TreeObject> item, String key) {
        if (item == null) {
            return null;
        }
        if (item.getValue().key().equals(key)) {
            return item;
        }
        for (TreeItem<TreeObject> c : item.getChildren()) {
            TreeItem<TreeObject> found = find(c, key);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * Links system-ram devices to their node and to its tier in {@code topology} (the Memory tiers
     * view's last reading); {@code onTier} shows a tier.
     */
    void linkNodes(java.util.function.Supplier<dev.daxscope.model.MemoryTopology> topology, IntConsumer onTier) {
        this.topology = topology;
        this.onTier = onTier;
        relabel();
    }

    /** The width the widest row on screen needs (indent, icon, text and links): the window widens the tree to it. */
    javafx.beans.property.ReadOnlyDoubleProperty widestRowProperty() {
        return widestRow.getReadOnlyProperty();
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        double widest = 0;
        // Where the tree's visible area ends in the scene, short of a vertical scroll bar.
        double right = localToScene(getBoundsInLocal()).getMaxX() - 16;
        for (javafx.scene.Node cell : lookupAll(".tree-cell")) {
            if (cell instanceof KindCell c && !c.isEmpty() && c.isVisible()) {
                widest = Math.max(widest, c.fullWidth());
                c.keepLinksInView(right);
            }
        }
        widestRow.set(Math.ceil(widest));
    }

    private NodeLink selectedLink() {
        TreeItem<TreeObject> item = getSelectionModel().getSelectedItem();
        return item != null && item.getValue() instanceof TreeObject.Device d ? links.get(d.name()) : null;
    }

    /** Builds the rows again from the machine shown (their notes may have changed while the machine did not). */
    void relabel() {
        rebuild(model.snapshot());
    }

    private void rebuild(MachineSnapshot snapshot) {
        Map<String, NodeLink> now = new HashMap<>();
        dev.daxscope.model.MemoryTopology t = topology.get();
        for (DeviceInfo d : snapshot.devices()) {
            if (d.systemRam() && d.targetNode() != null && d.targetNode() >= 0) {
                Integer tier = t.tierOfNode(d.targetNode()).map(dev.daxscope.model.MemoryTopology.MemoryTier::id).orElse(null);
                boolean known = t.node(d.targetNode()).isPresent();
                now.put(d.name(), new NodeLink(d.targetNode(), tier, known, "  → node" + d.targetNode()
                        + (tier != null ? " · memory_tier" + tier : known ? " · in no memory tier" : "")));
            }
        }
        links = now;
        TreeItem<TreeObject> top = build(snapshot, d -> now.containsKey(d.name()) ? now.get(d.name()).suffix() : "");
        List<TreeObject> rows = new ArrayList<>();
        flatten(top, rows);
        if (rows.equals(shownRows)) {
            // Same rows: keep the tree and its selection (rebuilding them costs ~20 ms).
            return;
        }
        shownRows = rows;
        // Rows the person opened or closed stay so across a rebuild (a new label, a tiers read).
        Map<String, Boolean> expanded = new HashMap<>();
        collectExpanded(getRoot(), expanded);
        restoreExpanded(top, expanded);
        following = true;
        try {
            setRoot(top);
        } finally {
            following = false;
        }
        TreeObject selected = model.selectionProperty().get();
        if (selected != null) {
            TreeItem<TreeObject> again = find(top, selected.key());
            if (again == null) {
                // The selected object is gone (destroyed, another machine): nothing is selected.
                model.select(null);
            } else {
                follow(again.getValue());
                if (!again.getValue().equals(selected)) {
                    // Same object, new label (size, driver): the property pane reads it again.
                    model.select(again.getValue());
                }
            }
        }
    }

    private static TreeItem<TreeObject> item(TreeObject o, boolean expanded) {
        TreeItem<TreeObject> i = new TreeItem<>(o);
        i.setExpanded(expanded);
        return i;
    }

    static TreeItem<TreeObject> build(MachineSnapshot snapshot, Function<DeviceInfo, String> deviceNote) {
        TreeItem<TreeObject> top = item(new TreeObject.Group("machine", "machine", "•"), true);
        for (RegionKind kind : List.of(RegionKind.CXL, RegionKind.HMEM, RegionKind.PMEM, RegionKind.DYNAMIC)) {
            List<RegionInfo> regions = snapshot.regions().stream().filter(r -> r.kind() == kind).toList();
            List<MachineSnapshot.CxlRegionInfo> cxlOnly = kind == RegionKind.CXL ? snapshot.cxlRegions().stream()
                    .filter(c -> c.daxRegion() == null).toList() : List.of();
            if (regions.isEmpty() && cxlOnly.isEmpty()) {
                continue;
            }
            TreeItem<TreeObject> provider = item(new TreeObject.Group(kind.keyword().toUpperCase(Locale.ROOT) + " provider",
                    "provider:" + kind.keyword(), "▤"), true);
            for (RegionInfo r : regions) {
                String cxl = snapshot.cxlRegions().stream().filter(c -> Integer.valueOf(r.id()).equals(c.daxRegion()))
                        .findFirst().map(c -> "  ← cxl " + c.name()).orElse("");
                TreeItem<TreeObject> reg = item(new TreeObject.Region(r.id(), "region " + r.id() + "  " + Format.size(r.size())
                        + cxl), true);
                for (DeviceInfo d : r.devices()) {
                    String badge = d.famfs() ? "famfs" : d.bound() ? d.driver().sysfsName() : "unbound";
                    boolean seed = d.name().equals(r.seed());
                    TreeItem<TreeObject> dev = item(new TreeObject.Device(d.name(), d.name() + "  " + Format.size(d.size())
                            + "  [" + badge + "]" + (seed ? " seed" : "") + (d.poisoned().isEmpty() ? "" : " poisoned")
                            + deviceNote.apply(d)), false);
                    for (RangeInfo m : d.ranges()) {
                        dev.getChildren().add(item(new TreeObject.Mapping(d.name(), m.mappingId(), "mapping" + m.mappingId()
                                + "  " + Format.hex(m.start()) + "  " + Format.size(m.size())), false));
                    }
                    reg.getChildren().add(dev);
                }
                provider.getChildren().add(reg);
            }
            for (MachineSnapshot.CxlRegionInfo c : cxlOnly) {
                provider.getChildren().add(item(new TreeObject.CxlRegion(c.name(), cxlLabel(c) + "  · no dax region"), false));
            }
            top.getChildren().add(provider);
        }
        TreeItem<TreeObject> nodes = item(new TreeObject.Group("NUMA nodes (" + snapshot.memory().nodes().size() + ")", "nodes",
                "⬢"), true);
        for (MachineSnapshot.NodeInfo n : snapshot.memory().nodes()) {
            List<String> targets = snapshot.devices().stream().filter(d -> d.targetNode() != null && d.targetNode() == n.id())
                    .map(DeviceInfo::name).toList();
            nodes.getChildren().add(item(new TreeObject.NumaNode(n.id(), "node" + n.id() + "  " + (n.memTotal() < 0 ? "? B"
                    : Format.size(n.memTotal())) + (n.hasCpu() ? "  cpu" : "  mem only")
                    + (targets.isEmpty() ? "" : "  ← " + String.join(", ", targets))), false));
        }
        top.getChildren().add(nodes);
        long daxBlocks = snapshot.memory().blocks().stream().filter(b -> b.owner() != null).count();
        // Only the blocks of dax memory are listed: the label says how many of all, not just the total.
        TreeItem<TreeObject> memory = item(new TreeObject.Group("Memory blocks (dax: " + daxBlocks + " of "
                + snapshot.memory().blocks().size() + " × " + Format.size(snapshot.memory().blockSize()) + ")", "memory", "▦"), false);
        snapshot.memory().blocks().stream().filter(b -> b.owner() != null).forEach(b -> memory.getChildren().add(
                item(new TreeObject.Block(b.index(), "memory" + b.index() + "  node" + b.node() + "  " + (b.online()
                        ? "online " + b.zone() : "offline") + "  (" + b.owner() + ")"), false)));
        top.getChildren().add(memory);
        if (!snapshot.iomem().isEmpty()) {
            boolean hidden = IomemRange.addressesHidden(snapshot.iomem());
            TreeItem<TreeObject> iomem = item(new TreeObject.Group("/proc/iomem" + (hidden ? "  (addresses need root)" : ""),
                    "iomem", "≡"), false);
            int i = 0;
            for (IomemRange r : snapshot.iomem()) {
                iomem.getChildren().add(item(new TreeObject.IomemRange(i++, "  ".repeat(r.depth()) + (hidden ? ""
                        : Format.hex(r.start()) + "–" + Format.hex(r.end()) + "  ") + r.name()), false));
            }
            top.getChildren().add(iomem);
        }
        if (!snapshot.warnings().isEmpty()) {
            // What could not be read (needs root, garbled, missing) is said here, per object, not thrown.
            TreeItem<TreeObject> warnings = item(new TreeObject.Group("Could not read (" + snapshot.warnings().size() + ")",
                    "warnings", "⚠"), false);
            int i = 0;
            for (String w : snapshot.warnings()) {
                warnings.getChildren().add(item(new TreeObject.Warning(i++, w), false));
            }
            top.getChildren().add(warnings);
        }
        return top;
    }

    /** "cxl region0 ram 2-way committed": what /sys/bus/cxl says of the region behind a dax region. */
    private static String cxlLabel(MachineSnapshot.CxlRegionInfo c) {
        return "cxl " + c.name() + " " + c.mode() + (c.interleaveWays() > 0 ? " " + c.interleaveWays() + "-way" : "")
                + (c.committed() ? "" : " uncommitted");
    }

    private static void flatten(TreeItem<TreeObject> item, List<TreeObject> out) {
        out.add(item.getValue());
        item.getChildren().forEach(c -> flatten(c, out));
    }

    private static void collectExpanded(TreeItem<TreeObject> item, Map<String, Boolean> out) {
        if (item != null && !item.isLeaf()) {
            out.put(item.getValue().key(), item.isExpanded());
            item.getChildren().forEach(c -> collectExpanded(c, out));
        }
    }

    private static void restoreExpanded(TreeItem<TreeObject> item, Map<String, Boolean> expanded) {
        Boolean was = expanded.get(item.getValue().key());
        if (was != null) {
            item.setExpanded(was);
        }
        item.getChildren().forEach(c -> restoreExpanded(c, expanded));
    }

    /** Opens every row (the tree screenshot). */
    void expandAll() {
        expandAll(getRoot());
    }

    private static void expandAll(TreeItem<TreeObject> item) {
        item.setExpanded(true);
        item.getChildren().forEach(ObjectTreeView::expandAll);
    }

    /**
     * A row: an icon for the object's kind (coloured like the device where it is one), then its
     * label; a system-ram device's node and tier as links. A row wider than the tree scrolls
     * sideways rather than being cut, and its tooltip has all of it.
     */
    private final class KindCell extends TreeCell<TreeObject> {
        private final Label icon = new Label();
        private final Label text = new Label();
        private final Hyperlink node = new Hyperlink();
        private final Hyperlink tier = new Hyperlink();
        private final HBox linked = new HBox(2, text, node, tier);

        KindCell() {
            icon.getStyleClass().add("kind-icon");
            icon.setMinWidth(18);
            icon.setAlignment(Pos.CENTER);
            linked.setAlignment(Pos.CENTER_LEFT);
            // The text gives way (ellipsis) before the links do, so they stay where a click reaches them;
            // but never its first word, the device's name ("dax2.0 …", not "…").
            text.minWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(() -> TextFit.width(
                    text.getText() == null ? "" : text.getText().split(" ", 2)[0] + " …", text.getFont()) + 2,
                    text.textProperty(), text.fontProperty()));
            node.setMinWidth(Label.USE_PREF_SIZE);
            tier.setMinWidth(Label.USE_PREF_SIZE);
            node.getStyleClass().add("tree-node-link");
            tier.getStyleClass().add("tree-tier-link");
            node.setMnemonicParsing(false);
            tier.setMnemonicParsing(false);
            setMinWidth(USE_PREF_SIZE);
        }

        /** The width the whole row needs, its text not cut. */
        double fullWidth() {
            if (getGraphic() != linked) {
                return prefWidth(-1);
            }
            double shown = text.getMaxWidth() < 0 ? text.prefWidth(-1) : Math.min(text.prefWidth(-1), text.getMaxWidth());
            return prefWidth(-1) + text.prefWidth(-1) - shown;
        }

        /** Shortens the text so the links end before {@code right} (scene x), when the row is wider than the tree. */
        void keepLinksInView(double right) {
            if (getGraphic() != linked || linked.getScene() == null) {
                return;
            }
            double links = 0;
            for (javafx.scene.Node n : linked.getChildren().subList(2, linked.getChildren().size())) {
                links += n.prefWidth(-1) + linked.getSpacing();
            }
            double room = Math.max(24, right - text.localToScene(0, 0).getX() - links);
            double max = room >= text.prefWidth(-1) ? Label.USE_COMPUTED_SIZE : Math.floor(room);
            if (text.getMaxWidth() != max) {
                text.setMaxWidth(max);
            }
        }

        @Override
        protected void updateItem(TreeObject o, boolean empty) {
            super.updateItem(o, empty);
            if (empty || o == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                return;
            }
            icon.setText(o.icon());
            Color c = o instanceof TreeObject.Device d ? Palette.device(d.name()) : null;
            icon.setStyle(c == null ? "" : String.format(Locale.ROOT, "-fx-text-fill: rgb(%d,%d,%d);",
                    (int) (c.getRed() * 255), (int) (c.getGreen() * 255), (int) (c.getBlue() * 255)));
            NodeLink link = o instanceof TreeObject.Device d ? links.get(d.name()) : null;
            if (link == null || !o.label().endsWith(link.suffix())) {
                setText(o.label());
                setGraphic(icon);
                setTooltip(o.label().length() > 40 ? new Tooltip(o.label()) : null);
                return;
            }
            setText(null);
            text.setText(o.label().substring(0, o.label().length() - link.suffix().length()) + "  →");
            node.setText("node" + link.node());
            node.setOnAction(e -> select("node:" + link.node()));
            tier.setText("tier " + link.tier());
            tier.setTooltip(new Tooltip("memory_tier" + link.tier() + ": show it in Memory tiers (T)"));
            node.setTooltip(new Tooltip("node" + link.node() + ": select it and list the processes with pages there (N)"));
            tier.setOnAction(e -> onTier.accept(link.tier()));
            linked.getChildren().setAll(icon, text, node);
            if (link.tier() != null) {
                linked.getChildren().add(tier);
            } else if (link.tierKnown()) {
                linked.getChildren().add(new Label("in no memory tier"));
            }
            setGraphic(linked);
            setTooltip(new Tooltip(o.label() + "\nN: select node" + link.node() + (link.tier() == null ? ""
                    : "   T: show memory_tier" + link.tier() + " in Memory tiers")));
        }
    }

}
