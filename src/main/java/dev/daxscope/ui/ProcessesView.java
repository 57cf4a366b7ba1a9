package dev.daxscope.ui;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.MachineSnapshot.ProcessInfo;
import dev.daxscope.model.MachineSnapshot.VmaInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MemoryTopology.ProcessNumaPages;
import dev.daxscope.model.MemoryTopology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Processes → their device-DAX mappings → the entries of an opened mapping, each process with
 * the bytes it holds per NUMA node (numa_maps). With a node chosen (here, in the tree or in the
 * Memory tiers view) it lists the processes with pages on that node, the largest first: "who is
 * on the CXL node". Selecting a process or a mapping sets the view-model's highlight, which the
 * page map outlines. With nothing to list it says why.
 */
final class ProcessesView extends VBox {
    /** Entries listed under an expanded mapping. */
    private static final int ENTRIES_SHOWN = 16;
    private final InspectorViewModel model;
    private final ObservableValue<MemoryTopology> topology;
    private final ObjectProperty<Integer> selectedNode;
    private final TreeView<String> tree = new TreeView<>();
    private final FlowPane nodeChoice = new FlowPane(6, 4);
    private final ToggleGroup nodeToggles = new ToggleGroup();
    private final Label empty = new Label();
    private List<String> shownChoices = List.of();
    /** What each row stands for: a process's mappings, or one mapping. */
    private final Map<TreeItem<String>, MappingHighlight> highlightOf = new HashMap<>();
    private final Map<String, TreeItem<String>> items = new HashMap<>();
    /** The keys of the rows shown; while they stay the same, rows are updated in place (expansion and selection stay). */
    private List<String> shownKeys = List.of();
    private boolean rebuilding;

    /** One row as the snapshot gives it. */
    private record Row(String key, String parentKey, String label, MappingHighlight highlight, ProcessInfo process, VmaInfo vma) {
    }

    ProcessesView(InspectorViewModel model, ObservableValue<MemoryTopology> topology, ObjectProperty<Integer> selectedNode) {
        this.model = model;
        this.topology = topology;
        this.selectedNode = selectedNode;
        tree.setShowRoot(false);
        tree.setId("processes-tree");
        tree.setTooltip(new Tooltip("Select a process or a mapping to light up its pages in the page map"));
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!rebuilding) {
                model.highlightProperty().set(b == null ? null : highlightOf.get(b));
                MappingHighlight h = model.highlightProperty().get();
                if (h != null && !h.vmas().isEmpty()
                        && h.vmas().stream().noneMatch(v -> v.device().equals(model.shownDeviceProperty().get()))) {
                    model.shownDeviceProperty().set(h.vmas().getFirst().device());
                }
            }
        });
        Label title = new Label("Processes → device-DAX mappings → entries per level  ·  bytes per node from numa_maps");
        title.getStyleClass().add("view-title");
        title.setWrapText(true);
        nodeChoice.setId("processes-nodes");
        VBox top = new VBox(6, title, nodeChoice);
        top.setPadding(new Insets(8, 12, 8, 12));
        empty.setId("processes-empty");
        empty.setWrapText(true);
        empty.setPadding(new Insets(4, 12, 8, 12));
        empty.setMaxWidth(Double.MAX_VALUE);
        // The label wraps at the view's width: nothing of the explanation is cut off.
        empty.prefWidthProperty().bind(widthProperty());
        empty.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        getChildren().addAll(top, empty, tree);
        VBox.setVgrow(tree, Priority.ALWAYS);
        nodeToggles.selectedToggleProperty().addListener((o, a, b) -> {
            if (!rebuilding) {
                selectedNode.set(b == null ? null : (Integer) b.getUserData());
            }
        });
        model.snapshotProperty().addListener((o, a, s) -> rebuild(s));
        topology.addListener((o, a, t) -> rebuild(model.snapshot()));
        selectedNode.addListener((o, a, n) -> rebuild(model.snapshot()));
        model.transitionProperty().addListener((o, a, t) -> {
            shownKeys = List.of();
            model.highlightProperty().set(null);
            rebuild(model.snapshot());
        });
        rebuild(model.snapshot());
    }

    /** The explanation shown when no process is listed ("" when some are). */
    String emptyText() {
        return empty.isVisible() ? empty.getText() : "";
    }

    TreeView<String> tree() {
        return tree;
    }

    private List<Row> rows(MachineSnapshot snapshot, MemoryTopology t, Integer node) {
        Map<Integer, ProcessNumaPages> numa = new HashMap<>();
        t.processes().forEach(p -> numa.put(p.pid(), p));
        Map<Integer, ProcessInfo> mappers = new LinkedHashMap<>();
        snapshot.processes().forEach(p -> mappers.put(p.pid(), p));
        List<Row> rows = new ArrayList<>();
        if (node != null) {
            for (NodeProcesses.Row r : NodeProcesses.rows(t, node)) {
                ProcessInfo p = mappers.get(r.pid());
                String head = r.name() + " (pid " + r.pid() + ")  ·  " + r.sizeText() + " on node " + node;
                addProcess(rows, snapshot, r.pid(), r.name(), head + "  ·  " + NodeProcesses.perNodeText(numa.get(r.pid())), p);
            }
            return rows;
        }
        for (ProcessInfo p : mappers.values()) {
            ProcessNumaPages n = numa.get(p.pid());
            String perNode = n == null ? "" : NodeProcesses.perNodeText(n);
            addProcess(rows, snapshot, p.pid(), p.name(), p.name() + " (pid " + p.pid() + ")" + (p.alive() ? "" : " exited")
                    + "  ·  RssFile " + Format.size(p.rssFile()) + (perNode.isEmpty() ? "" : "  ·  " + perNode), p);
        }
        // Processes that map no device but hold pages on a node dax memory feeds (kmem): CXL/HMEM as system RAM.
        Set<Integer> daxNodes = new HashSet<>();
        t.nodes().stream().filter(nd -> nd.daxDevices().stream().anyMatch(d -> d.driver() == DriverKind.KMEM))
                .forEach(nd -> daxNodes.add(nd.id()));
        for (ProcessNumaPages n : t.processes()) {
            if (!mappers.containsKey(n.pid()) && n.bytesPerNode().keySet().stream().anyMatch(daxNodes::contains)) {
                addProcess(rows, snapshot, n.pid(), n.name(), n.name() + " (pid " + n.pid() + ")  ·  "
                        + NodeProcesses.perNodeText(n), null);
            }
        }
        return rows;
    }

    /** A process's row and, when it maps device-DAX ({@code p} not null), a row per mapping. */
    private void addProcess(List<Row> rows, MachineSnapshot snapshot, int pid, String name, String label, ProcessInfo p) {
        String pk = String.valueOf(pid);
        rows.add(new Row(pk, null, label, new MappingHighlight(pk, name + " (pid " + pid + ")",
                p == null ? List.of() : p.vmas()), p, null));
        if (p == null) {
            return;
        }
        for (VmaInfo v : p.vmas()) {
            String vk = p.pid() + "@" + v.start();
            rows.add(new Row(vk, pk, Format.hex(v.start()) + "–" + Format.hex(v.end()) + "  " + v.device()
                    + "  pgoff " + Format.hex(v.pgoff()) + "  " + (v.writable() ? "rw" : "ro")
                    + (v.noHugepage() ? " nohugepage" : "") + (model.source().simulated() ? "  ·  " + v.ptes() + " PTE, "
                    + v.pmds() + " PMD, " + v.puds() + " PUD" : "") + smapsView(snapshot, v),
                    new MappingHighlight(vk, p.name() + " at " + Format.hex(v.start()), List.of(v)), p, v));
        }
    }

    private void rebuild(MachineSnapshot snapshot) {
        MemoryTopology t = topology.getValue();
        Integer node = selectedNode.get();
        List<Row> rows = rows(snapshot, t, node);
        List<String> keys = rows.stream().map(Row::key).toList();
        rebuilding = true;
        showNodeChoice(t, node);
        String why = rows.isEmpty() ? ProcessesEmptyState.explain(model.source(), snapshot, t, node) : "";
        empty.setText(why);
        empty.setVisible(!why.isEmpty());
        empty.setManaged(!why.isEmpty());
        if (keys.equals(shownKeys)) {
            for (Row r : rows) {
                TreeItem<String> item = items.get(r.key());
                // In a node's list the order is by bytes there: the keys keep it, the labels may change.
                if (!item.getValue().equals(r.label())) {
                    item.setValue(r.label());
                }
                highlightOf.put(item, r.highlight());
                if (r.vma() != null && item.isExpanded()) {
                    listEntries(item, r);
                }
            }
        } else {
            Set<String> expanded = new HashSet<>();
            items.forEach((k, item) -> {
                if (item.isExpanded() && k.contains("@")) {
                    expanded.add(k);
                }
            });
            TreeItem<String> top = new TreeItem<>("processes");
            highlightOf.clear();
            items.clear();
            for (Row r : rows) {
                TreeItem<String> item = new TreeItem<>(r.label());
                items.put(r.key(), item);
                highlightOf.put(item, r.highlight());
                if (r.vma() == null) {
                    item.setExpanded(true);
                    top.getChildren().add(item);
                } else {
                    items.get(r.parentKey()).getChildren().add(item);
                    // Entries are fetched when the mapping is opened, and kept up to date while it is open.
                    item.getChildren().add(new TreeItem<>("…"));
                    item.expandedProperty().addListener((o, was, open) -> {
                        if (open) {
                            listEntries(item, r);
                        }
                    });
                    item.setExpanded(expanded.contains(r.key()));
                }
            }
            shownKeys = keys;
            tree.setRoot(top);
        }
        MappingHighlight selected = model.highlightProperty().get();
        TreeItem<String> reselect = selected == null ? null : items.get(selected.key());
        if (reselect != null && tree.getSelectionModel().getSelectedItem() != reselect) {
            tree.getSelectionModel().select(reselect);
        }
        rebuilding = false;
        model.highlightProperty().set(reselect == null ? null : highlightOf.get(reselect));
    }

    /** "All" and a toggle per node with memory; the chosen node's toggle is selected. */
    private void showNodeChoice(MemoryTopology t, Integer node) {
        List<String> choices = new ArrayList<>(List.of("all"));
        t.nodes().stream().filter(MemoryTopology.NumaNode::hasMemory).forEach(n -> choices.add(n.id() + " " + nodeTitle(t, n)));
        if (node != null && t.node(node).isEmpty()) {
            choices.add(node + " node " + node);
        }
        if (!choices.equals(shownChoices)) {
            shownChoices = choices;
            List<Toggle> toggles = new ArrayList<>();
            nodeChoice.getChildren().setAll(new Label("Pages on:"));
            for (String c : choices) {
                boolean all = c.equals("all");
                ToggleButton b = new ToggleButton(all ? "all processes" : c.substring(c.indexOf(' ') + 1));
                b.setMnemonicParsing(false);
                b.setUserData(all ? null : Integer.valueOf(c.substring(0, c.indexOf(' '))));
                b.setId(all ? "processes-node-all" : "processes-node-" + b.getUserData());
                b.setToggleGroup(nodeToggles);
                toggles.add(b);
                nodeChoice.getChildren().add(b);
            }
        }
        nodeToggles.getToggles().stream().filter(b -> java.util.Objects.equals(b.getUserData(), node)).findFirst()
                .ifPresent(nodeToggles::selectToggle);
    }

    /** "node 2 · memory_tier22 · dax0.0": a node as its toggle names it. */
    private static String nodeTitle(MemoryTopology t, MemoryTopology.NumaNode n) {
        return "node " + n.id() + t.tierOfNode(n.id()).map(tier -> " · memory_tier" + tier.id()).orElse("")
                + (n.daxDevices().isEmpty() ? "" : " · " + String.join(", ", n.daxDevices().stream()
                .map(MemoryTopology.NodeSource::device).toList()));
    }

    /** A mapping's first present entries as its children, or why there are none to show. */
    private void listEntries(TreeItem<String> item, Row r) {
        List<MachineSnapshot.EntryInfo> entries = model.source().entries(r.process().pid(), r.vma().start(), ENTRIES_SHOWN);
        List<String> lines = new ArrayList<>();
        for (MachineSnapshot.EntryInfo e : entries) {
            lines.add(Format.hex(e.address()) + "  " + e.level() + "  → pgoff " + Format.hex(e.pgoff()) + "  folio "
                    + Format.count(e.folio()) + "  " + (e.writable() ? "rw" : "ro") + (e.dirty() ? " dirty" : ""));
        }
        long present = r.vma().ptes() + r.vma().pmds() + r.vma().puds();
        if (entries.isEmpty()) {
            lines.add(model.source().simulated() ? "no entries yet: nothing faulted in this mapping"
                    : "no present pages seen in /proc/" + r.process().pid() + "/pagemap (another user's process needs root)");
        } else if (present > entries.size()) {
            lines.add("… " + Format.count(present - entries.size()) + " more entries");
        }
        List<String> shown = item.getChildren().stream().map(TreeItem::getValue).toList();
        if (!shown.equals(lines)) {
            item.getChildren().setAll(lines.stream().map(TreeItem::new).toList());
        }
    }

    /** Opens the first mapping so the view shows entries too (screenshots). */
    void openFirstMapping() {
        if (tree.getRoot() != null && !tree.getRoot().getChildren().isEmpty()
                && !tree.getRoot().getChildren().getFirst().getChildren().isEmpty()) {
            tree.getRoot().getChildren().getFirst().getChildren().getFirst().setExpanded(true);
        }
    }

    /** smaps Rss as a real machine showed it, or what smaps and pagemap would show for a simulated mapping. */
    private static String smapsView(MachineSnapshot snapshot, VmaInfo v) {
        if (v.observedSmapsRss() >= 0) {
            return "  ·  smaps Rss " + Format.size(v.observedSmapsRss());
        }
        if (!"simulated".equals(snapshot.source()) || v.ptes() + v.pmds() + v.puds() == 0) {
            return "";
        }
        return "  ·  smaps Rss " + Format.size(v.smapsRss(snapshot.kernel())) + ", pagemap file bit "
                + (v.pagemapFileBit(snapshot.kernel()) ? 1 : 0);
    }
}
