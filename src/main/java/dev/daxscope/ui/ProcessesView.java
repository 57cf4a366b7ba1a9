package dev.daxscope.ui;

import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MachineSnapshot.ProcessInfo;
import dev.daxscope.model.MachineSnapshot.VmaInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Processes → their device-DAX mappings → the entries of an opened mapping. Selecting a process
 * or a mapping sets the view-model's highlight, which the page map outlines.
 */
final class ProcessesView extends VBox {
    /** Entries listed under an expanded mapping. */
    private static final int ENTRIES_SHOWN = 16;
    private final InspectorViewModel model;
    private final TreeView<String> tree = new TreeView<>();
    /** What each row stands for: a process's mappings, or one mapping. */
    private final Map<TreeItem<String>, MappingHighlight> highlightOf = new HashMap<>();
    private final Map<String, TreeItem<String>> items = new HashMap<>();
    /** The keys of the rows shown; while they stay the same, rows are updated in place (expansion and selection stay). */
    private List<String> shownKeys = List.of();
    private boolean rebuilding;

    /** One row as the snapshot gives it. */
    private record Row(String key, String parentKey, String label, MappingHighlight highlight, ProcessInfo process, VmaInfo vma) {
    }

    ProcessesView(InspectorViewModel model) {
        this.model = model;
        tree.setShowRoot(false);
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
        Label title = new Label("Processes → device-DAX mappings → entries per level");
        title.getStyleClass().add("view-title");
        title.setPadding(new Insets(8, 12, 8, 12));
        getChildren().addAll(title, tree);
        VBox.setVgrow(tree, Priority.ALWAYS);
        model.snapshotProperty().addListener((o, a, s) -> rebuild(s));
        model.transitionProperty().addListener((o, a, t) -> {
            shownKeys = List.of();
            model.highlightProperty().set(null);
            rebuild(model.snapshot());
        });
        rebuild(model.snapshot());
    }

    TreeView<String> tree() {
        return tree;
    }

    private List<Row> rows(MachineSnapshot snapshot) {
        List<Row> rows = new ArrayList<>();
        for (ProcessInfo p : snapshot.processes()) {
            String pk = String.valueOf(p.pid());
            rows.add(new Row(pk, null, p.name() + " (pid " + p.pid() + ")" + (p.alive() ? "" : " exited")
                    + "  ·  RssFile " + Format.size(p.rssFile()), new MappingHighlight(pk, p.name() + " (pid " + p.pid() + ")",
                    p.vmas()), p, null));
            for (VmaInfo v : p.vmas()) {
                String vk = p.pid() + "@" + v.start();
                rows.add(new Row(vk, pk, Format.hex(v.start()) + "–" + Format.hex(v.end()) + "  " + v.device()
                        + "  pgoff " + Format.hex(v.pgoff()) + "  " + (v.writable() ? "rw" : "ro")
                        + (v.noHugepage() ? " nohugepage" : "") + (model.source().simulated() ? "  ·  " + v.ptes() + " PTE, "
                        + v.pmds() + " PMD, " + v.puds() + " PUD" : "") + smapsView(snapshot, v),
                        new MappingHighlight(vk, p.name() + " at " + Format.hex(v.start()), List.of(v)), p, v));
            }
        }
        return rows;
    }

    private void rebuild(MachineSnapshot snapshot) {
        List<Row> rows = rows(snapshot);
        List<String> keys = rows.stream().map(Row::key).toList();
        rebuilding = true;
        if (keys.equals(shownKeys)) {
            for (Row r : rows) {
                TreeItem<String> item = items.get(r.key());
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
