package dev.daxscope.ui;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.KmemAlignment;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.source.DaxSource;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * "What if" for the selected device: the memory blocks it would give as system-ram, and a dry
 * run of a resize with Apply. Both come from the simulator replaying the machine on a copy; on a
 * real machine, the blocks come from the simulated kernel's own R84 arithmetic ({@link KmemAlignment}).
 */
final class WhatIfPanel extends VBox {
    private final InspectorViewModel model;
    private final Label systemRam = new Label();
    private final TextField size = new TextField();
    private final Button preview = new Button("Preview");
    private final Button apply = new Button("Apply");
    private final Label result = new Label();
    private String device;
    /** The size the last successful preview was for: Apply writes exactly that. */
    private String previewed;
    private Object shownState;
    /** The result line shows a preview (not an Apply's outcome), so a change of the device runs it again. */
    private boolean previewShown;
    /** The device's state when "Applied" was said; null when no such line is shown. */
    private List<Object> applied;

    WhatIfPanel(InspectorViewModel model) {
        super(6);
        this.model = model;
        systemRam.setWrapText(true);
        result.setWrapText(true);
        // A short window squeezes the properties' grid, never these sentences or buttons.
        systemRam.setMinHeight(Label.USE_PREF_SIZE);
        result.setMinHeight(Label.USE_PREF_SIZE);
        preview.setMinWidth(Button.USE_PREF_SIZE);
        apply.setMinWidth(Button.USE_PREF_SIZE);
        result.getStyleClass().add("legend");
        size.setPromptText("size in bytes");
        size.setTooltip(new Tooltip("The device's new size in bytes, e.g. 1073741824 for 1 GiB; Enter previews it"));
        TextFit.keepWhole(size);
        size.setOnAction(e -> {
            preview.fire();
            e.consume();
        });
        size.textProperty().addListener((o, a, b) -> apply.setDisable(!b.strip().equals(previewed)));
        preview.setOnAction(e -> preview(size.getText()));
        preview.setTooltip(new Tooltip("Dry run on a copy of the machine: nothing changes here"));
        apply.setOnAction(e -> apply());
        apply.setTooltip(new Tooltip("Write the previewed size to the device"));
        apply.setDisable(true);
        HBox row = new HBox(6, size, preview, apply);
        HBox.setHgrow(size, Priority.ALWAYS);
        getChildren().addAll(PropertiesPane.header("What if"), systemRam, new Label("Resize:"), row, result);
        setPadding(new Insets(0, 10, 10, 10));
        model.followSelection(this::show);
    }

    private void show(TreeObject selected, MachineSnapshot snap) {
        Optional<DeviceInfo> d = selected instanceof TreeObject.Device dev ? snap.device(dev.name()) : Optional.empty();
        setVisible(d.isPresent());
        setManaged(d.isPresent());
        Object state = d.map(i -> List.of(i.name(), i.size(), String.valueOf(i.driver()), i.ranges(), i.onlineBlocks(), i.totalBlocks()))
                .orElse(null);
        if (java.util.Objects.equals(state, shownState)) {
            return;
        }
        boolean other = d.isEmpty() || !d.get().name().equals(device);
        shownState = state;
        device = d.map(DeviceInfo::name).orElse(null);
        if (other) {
            applied = null;
            size.clear();
            result.setText("");
            previewed = null;
            previewShown = false;
            apply.setDisable(true);
        } else if (previewShown && !size.getText().isBlank()) {
            // The device changed (unbound, resized elsewhere): the shown answer is the old state's.
            preview(size.getText());
        } else if (applied != null && !applied.equals(appliedState(d.get()))) {
            // "Applied" spoke of the write just made; the device has changed since (reconfigured, resized).
            result.setText("");
            applied = null;
        }
        if (d.isPresent()) {
            previewSystemRam(d.get(), snap.memory().blockSize());
        }
    }

    /**
     * What reconfiguring to system-ram would use and lose (R84). A simulated machine works it out
     * by replaying the reconfigure on a copy; a real one by the same block arithmetic the
     * simulated kernel's kmem probe uses ({@link KmemAlignment}), over the ranges read from sysfs.
     */
    private void previewSystemRam(DeviceInfo d, long block) {
        if (d.driver() == DriverKind.KMEM) {
            systemRam.setText("System-ram (kmem): " + d.onlineBlocks() + " of " + d.totalBlocks() + " memory blocks of "
                    + Format.size(block) + " online.");
            return;
        }
        DaxSource source = model.source();
        String name = d.name();
        if (!source.simulated()) {
            KmemAlignment.Preview p = KmemAlignment.preview(d, block);
            systemRam.setText(p.refusal() != null ? asSystemRam(d) + "would fail: EINVAL: " + p.refusal() + " (R84)"
                    : asSystemRam(d) + systemRamText(p.blocks(), block, p.lost()) + " Worked out from its ranges; the kernel may still"
                    + " refuse blocks in use (R86).");
            return;
        }
        systemRam.setText(asSystemRam(d) + "working it out …");
        model.tasks().run(() -> source.whatIfDaxctl(List.of("reconfigure-device", "-m", "system-ram", "-f", name)), w -> {
            if (!name.equals(device)) {
                return;
            }
            if (w.isEmpty()) {
                systemRam.setText("");
            } else if (!w.get().outcome().isOk()) {
                systemRam.setText(asSystemRam(d) + "would fail: " + w.get().outcome());
            } else {
                List<Long> blocks = w.get().after().memory().blocks().stream().filter(b -> name.equals(b.owner()))
                        .map(MachineSnapshot.MemoryBlockInfo::index).sorted().toList();
                systemRam.setText(asSystemRam(d) + systemRamText(blocks, block, d.size() - blocks.size() * block));
            }
        }, why -> systemRam.setText(asSystemRam(d) + "the preview failed: " + why));
    }

    /** The line's start, naming the size it is about: a resize previewed below does not change it. */
    private static String asSystemRam(DeviceInfo d) {
        return "As system-ram (kmem), at its size now (" + Format.size(d.size()) + "): ";
    }

    /** "16 memory blocks of 128 MiB would be used (memory32–memory47, 2 GiB); 0 B would be lost ...". */
    static String systemRamText(List<Long> blocks, long block, long lost) {
        return blocks.size() + " memory blocks of " + Format.size(block) + " would be used ("
                + blockNames(blocks) + ", " + Format.size(blocks.size() * block) + "); " + Format.size(lost)
                + " would be lost to memory-block alignment (R84).";
    }

    /** memory9–memory11, memory20: runs of consecutive blocks. */
    static String blockNames(List<Long> blocks) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < blocks.size(); i++) {
            int j = i;
            while (j + 1 < blocks.size() && blocks.get(j + 1) == blocks.get(j) + 1) {
                j++;
            }
            b.append(b.isEmpty() ? "" : ", ").append("memory").append(blocks.get(i))
                    .append(j > i ? "–memory" + blocks.get(j) : "");
            i = j;
        }
        return b.toString();
    }

    /** Dry-runs a size write on a copy of the machine and shows the errno or the new ranges. */
    void preview(String value) {
        String name = device;
        String v = value.strip();
        if (name == null || v.isEmpty()) {
            return;
        }
        if (!size.getText().strip().equals(v)) {
            size.setText(v);
        }
        DaxSource source = model.source();
        previewed = null;
        previewShown = false;
        apply.setDisable(true);
        result.setText("Dry run …");
        model.tasks().run(() -> source.whatIf("/sys/bus/dax/devices/" + name + "/size", v + "\n"), w -> {
            if (!name.equals(device)) {
                return;
            }
            if (w.isEmpty()) {
                result.setText("A dry run needs the simulator; this source is a real machine. Apply writes it for real.");
                previewed = v;
            } else if (!w.get().outcome().isOk()) {
                result.setText("Would fail: " + w.get().outcome());
            } else {
                StringBuilder b = new StringBuilder("Would succeed. Ranges afterwards:");
                w.get().after().device(name).ifPresent(d -> d.ranges().forEach(r -> b.append("\n  mapping")
                        .append(r.mappingId()).append("  ").append(Format.hex(r.start())).append("–")
                        .append(Format.hex(r.end())).append("  pgoff ").append(Format.hex(r.pgoff()))));
                result.setText(b.toString());
                previewed = v;
            }
            previewShown = true;
            apply.setDisable(!v.equals(size.getText().strip()) || previewed == null || !model.source().writable());
        }, why -> result.setText("The dry run failed: " + why));
    }

    private void apply() {
        String v = previewed;
        if (device == null || v == null) {
            return;
        }
        apply.setDisable(true);
        previewShown = false;
        String name = device;
        model.write("/sys/bus/dax/devices/" + name + "/size", v, ok -> {
            result.setText(ok ? "Applied: " + name + " size is now " + v + "." : "Not applied (see the refusal above).");
            applied = ok ? model.snapshot().device(name).map(WhatIfPanel::appliedState).orElse(null) : null;
        });
    }

    /** What an "Applied" line is true of: the device's size and driver. */
    private static List<Object> appliedState(DeviceInfo d) {
        return List.of(d.name(), d.size(), String.valueOf(d.driver()));
    }

    String text() {
        return systemRam.getText() + "\n" + result.getText();
    }

    TextField sizeField() {
        return size;
    }

    Button previewButton() {
        return preview;
    }

    Button applyButton() {
        return apply;
    }
}
