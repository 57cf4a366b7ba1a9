package dev.daxscope.ui;

import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.source.DaxSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The sysfs view of the selection: each attribute read in the background, editable ones
 * committed with Enter (Escape puts the value back). A refused edit keeps the value the machine
 * has, and the refusal below names the errno, the rule and the fix, one click away.
 */
final class PropertiesPane extends VBox {
    private final InspectorViewModel model;
    private final Label title = new Label("Nothing selected");
    private final GridPane grid = new GridPane();
    private final Label problem = new Label();
    private final Button fix = new Button();
    /** The refusal above its fix, so the fix's button is never squeezed to "…". */
    private final VBox problemBox = new VBox(6, problem, fix);
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, TextField> editors = new LinkedHashMap<>();
    /** What the shown values were read for: the selection and what of it can change. */
    private Object shownState;
    /** Counts the reads started, so an older read that finishes late is dropped. */
    private long readNumber;

    private static final double MIN_WIDTH = 300;

    /** One attribute: where it is in sysfs, how it is named, whether the user may write it. */
    /** One row: a sysfs file read from the source, or ({@code text} not null) what the snapshot already says. */
    record Attribute(String category, String path, String name, boolean editable, String text) {
        Attribute(String category, String path, String name, boolean editable) {
            this(category, path, name, editable, null);
        }

        static Attribute known(String category, String name, String text) {
            return new Attribute(category, null, name, false, text);
        }
    }

    PropertiesPane(InspectorViewModel model, Node... below) {
        this.model = model;
        // A narrow window squeezes the centre, not the values: a name and a 10-digit size fit side by side.
        setMinWidth(MIN_WIDTH);
        title.getStyleClass().add("view-title");
        title.setWrapText(true);
        title.setPadding(new Insets(4, 10, 4, 10));
        grid.setHgap(10);
        grid.setVgap(4);
        grid.setPadding(new Insets(4, 10, 8, 10));
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("properties-scroll");
        problem.getStyleClass().add("refusal");
        problem.setWrapText(true);
        problem.setMaxWidth(Double.MAX_VALUE);
        fix.setMinWidth(Button.USE_PREF_SIZE);
        problemBox.setAlignment(Pos.CENTER_LEFT);
        problemBox.setPadding(new Insets(0, 10, 4, 10));
        fix.setOnAction(e -> {
            InspectorViewModel.Fix f = model.fixProperty().get();
            if (f != null) {
                ActionConfirmation.confirmThen(fix, model, f.label() + "?", f.args(), f.label(), () -> model.daxctl(f.label(),
                        f.args()));
            }
        });
        model.problemProperty().addListener((o, a, b) -> showProblem());
        model.fixProperty().addListener((o, a, b) -> showProblem());
        showProblem();
        getChildren().add(header("Properties (sysfs)"));
        getChildren().addAll(title, problemBox, scroll);
        getChildren().addAll(below);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        model.selectionProperty().addListener((o, a, b) -> show(b, true));
        model.snapshotProperty().addListener((o, a, b) -> show(model.selectionProperty().get(), false));
        show(model.selectionProperty().get(), true);
    }

    static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("pane-header");
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    private void showProblem() {
        String text = model.problemProperty().get();
        InspectorViewModel.Fix f = model.fixProperty().get();
        boolean any = !text.isEmpty();
        problemBox.setVisible(any);
        problemBox.setManaged(any);
        problem.setText(text);
        fix.setVisible(f != null);
        fix.setManaged(f != null);
        fix.setText(f == null ? "" : f.label());
    }

    /** Reads the selection's attributes again when it is another object or its state changed. */
    private void show(TreeObject selected, boolean newSelection) {
        MachineSnapshot snap = model.snapshot();
        Object state = selected == null ? null : List.of(selected, stateOf(snap, selected));
        if (!newSelection && Objects.equals(state, shownState)) {
            return;
        }
        shownState = state;
        if (selected == null) {
            title.setText("Nothing selected");
            fill(List.of(), List.of());
            return;
        }
        title.setText(selected.label());
        List<Attribute> attributes = attributes(snap, selected, model.source().writable());
        DaxSource source = model.source();
        long number = ++readNumber;
        // sysfs of a real machine is file I/O: read it off the FX thread.
        model.tasks().run(() -> attributes.stream().map(a -> {
            if (a.text() != null) {
                return a.text();
            }
            DaxSource.ReadOutcome r = source.read(a.path());
            return r.outcome().isOk() ? r.text() : "(" + r.outcome().token() + ")";
        }).toList(), read -> {
            if (number == readNumber) {
                fill(attributes, read);
            }
        }, why -> model.showProblem("Cannot read " + selected.label() + ": " + why));
    }

    /** What of {@code o} the pane shows that can change while it stays selected (not the counters a workload moves). */
    private static Object stateOf(MachineSnapshot snap, TreeObject o) {
        return switch (o) {
            case TreeObject.Device d -> snap.device(d.name()).map(i -> List.of(i.size(), i.align(), String.valueOf(i.driver()),
                    i.ranges(), String.valueOf(i.targetNode()), i.numaNode(), i.memmapOnMemory(), i.onlineBlocks())).orElse(null);
            case TreeObject.Region r -> snap.regions().stream().filter(x -> x.id() == r.id()).findFirst()
                    .map(x -> List.of(x.size(), x.align(), String.valueOf(x.availableSize()), String.valueOf(x.seed())))
                    .orElse(null);
            case TreeObject.Block b -> snap.memory().blocks().stream().filter(x -> x.index() == b.index()).findFirst()
                    .orElse(null);
            default -> o;
        };
    }

    static List<Attribute> attributes(MachineSnapshot snap, TreeObject o, boolean writable) {
        List<Attribute> out = new ArrayList<>();
        switch (o) {
            case TreeObject.Device d -> {
                String base = "/sys/bus/dax/devices/" + d.name() + "/";
                for (String attr : List.of("size", "align", "target_node", "numa_node", "resource", "memmap_on_memory",
                        "modalias", "dev")) {
                    out.add(new Attribute(d.name(), base + attr, attr, writable && (attr.equals("size") || attr.equals("align"))));
                }
            }
            case TreeObject.Region r -> {
                snap.regions().stream().filter(x -> x.id() == r.id()).findFirst().ifPresent(x -> {
                    String base = "/sys/devices" + x.path() + "/dax_region/";
                    for (String attr : List.of("id", "size", "align", "available_size", "seed", "create")) {
                        out.add(new Attribute("region " + r.id(), base + attr, attr, false));
                    }
                });
                snap.cxlRegions().stream().filter(c -> Integer.valueOf(r.id()).equals(c.daxRegion())).findFirst()
                        .ifPresent(c -> cxl(c.name(), out));
            }
            case TreeObject.Mapping m -> {
                String base = "/sys/bus/dax/devices/" + m.deviceName() + "/mapping" + m.mappingId() + "/";
                for (String attr : List.of("start", "end", "page_offset")) {
                    out.add(new Attribute(m.deviceName() + " mapping" + m.mappingId(), base + attr, attr, false));
                }
            }
            case TreeObject.Block b -> {
                String base = "/sys/devices/system/memory/memory" + b.index() + "/";
                for (String attr : List.of("state", "online", "phys_index", "valid_zones", "removable")) {
                    out.add(new Attribute("memory block", base + attr, attr, false));
                }
            }
            case TreeObject.CxlRegion c -> cxl(c.name(), out);
            case TreeObject.NumaNode n -> out.add(new Attribute("NUMA node", "/sys/devices/system/node/node" + n.id()
                    + "/meminfo", "meminfo", false));
            case TreeObject.Group g when g.key().equals("memory") -> memoryBlocks(snap, out);
            case TreeObject.Group g when g.key().equals("warnings") -> {
                for (int i = 0; i < snap.warnings().size(); i++) {
                    out.add(Attribute.known("Could not read", Integer.toString(i + 1), snap.warnings().get(i)));
                }
            }
            case TreeObject.Warning w when w.index() < snap.warnings().size() ->
                    out.add(Attribute.known("Could not read", "what", snap.warnings().get(w.index())));
            default -> {
            }
        }
        return out;
    }

    /** The memory-blocks row: the hot-plug settings, and how the blocks stand (the tree lists only dax memory's). */
    private static void memoryBlocks(MachineSnapshot snap, List<Attribute> out) {
        String base = "/sys/devices/system/memory/";
        out.add(new Attribute("memory blocks", base + "block_size_bytes", "block_size_bytes", false));
        out.add(new Attribute("memory blocks", base + "auto_online_blocks", "auto_online_blocks", false));
        var blocks = snap.memory().blocks();
        long online = blocks.stream().filter(MachineSnapshot.MemoryBlockInfo::online).count();
        long dax = blocks.stream().filter(b -> b.owner() != null).count();
        out.add(Attribute.known("memory blocks", "blocks", Format.count(blocks.size()) + " × "
                + Format.size(snap.memory().blockSize()) + ": " + Format.count(online) + " online, "
                + Format.count(blocks.size() - online) + " offline; " + Format.count(dax) + " of dax memory (listed in the tree)"));
    }

    /** A CXL region's attributes, as /sys/bus/cxl/devices/NAME shows them ("cxl size" beside the dax_region's own). */
    private static void cxl(String name, List<Attribute> out) {
        String base = "/sys/bus/cxl/devices/" + name + "/";
        for (String attr : List.of("mode", "size", "resource", "interleave_ways", "interleave_granularity", "commit",
                "target0")) {
            out.add(new Attribute("CXL " + name, base + attr, "cxl " + attr, false));
        }
    }

    private void fill(List<Attribute> attributes, List<String> read) {
        // The field being edited keeps the keyboard focus across the re-read: a lost focus would
        // fall to the toolbar, where the next Enter opened the Source menu.
        String focused = editors.entrySet().stream().filter(e -> e.getValue().isFocused()).map(Map.Entry::getKey)
                .findFirst().orElse(null);
        grid.getChildren().clear();
        values.clear();
        editors.clear();
        String category = null;
        int row = 0;
        for (int i = 0; i < attributes.size(); i++) {
            Attribute a = attributes.get(i);
            String value = read.get(i);
            values.put(a.name(), value);
            if (!a.category().equals(category)) {
                category = a.category();
                Label c = new Label(category);
                c.getStyleClass().add("property-category");
                grid.add(c, 0, row++, 2, 1);
            }
            Label name = new Label(a.name());
            if (a.path() != null) {
                name.setTooltip(new Tooltip(a.path()));
            }
            name.setMinWidth(Label.USE_PREF_SIZE);
            grid.add(name, 0, row);
            grid.add(a.editable() ? editor(a, value) : readOnly(value), 1, row++);
        }
        if (focused != null && editors.containsKey(focused)) {
            editors.get(focused).requestFocus();
        }
    }

    private static Node readOnly(String value) {
        if (value.contains("\n") || value.length() > 60) {
            // A file of many lines (a node's meminfo): every line shown, not the first run together with the rest.
            TextArea a = new TextArea(value.strip());
            a.setEditable(false);
            a.setFocusTraversable(false);
            // Long lines wrap (a warning's text), each taking the rows it needs.
            a.setWrapText(true);
            a.setPrefRowCount((int) Math.min(24, value.strip().lines().mapToLong(l -> 1 + l.length() / 60).sum()));
            a.getStyleClass().add("read-only-value");
            GridPane.setHgrow(a, Priority.ALWAYS);
            return a;
        }
        TextField f = new TextField(value);
        f.setEditable(false);
        f.setFocusTraversable(false);
        f.getStyleClass().add("read-only-value");
        TextFit.keepWhole(f);
        GridPane.setHgrow(f, Priority.ALWAYS);
        return f;
    }

    private Node editor(Attribute a, String value) {
        TextField f = new TextField(value);
        f.setTooltip(new Tooltip("Enter writes " + a.path() + "; Escape puts the value back"));
        TextFit.keepWhole(f);
        GridPane.setHgrow(f, Priority.ALWAYS);
        editors.put(a.name(), f);
        f.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                commit(a, f);
                // Handled here: Enter must not reach a default button or the toolbar.
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                f.setText(values.get(a.name()));
                e.consume();
            }
        });
        return f;
    }

    private void commit(Attribute a, TextField f) {
        String before = values.get(a.name());
        String text = f.getText().strip();
        if (text.equals(before)) {
            return;
        }
        model.write(a.path(), text, ok -> {
            if (ok) {
                values.put(a.name(), text);
            } else {
                // Refused: the field shows what the machine still has; the refusal says why and what to do.
                f.setText(before);
            }
        });
    }

    // ------------------------------------------------------------------ for tests

    /** The attribute values shown, by name (empty until the background read delivers). */
    Map<String, String> values() {
        return Map.copyOf(values);
    }

    /** Types {@code text} into the editable attribute {@code name} and presses Enter, as a person would. */
    TextField editor(String name) {
        return editors.get(name);
    }

    String problemText() {
        return problem.getText();
    }

    boolean problemShown() {
        return problemBox.isVisible();
    }

    Button fixButton() {
        return fix;
    }
}
