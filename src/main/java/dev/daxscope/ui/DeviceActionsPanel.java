package dev.daxscope.ui;

import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/**
 * What can be done to the selected device or region, as daxctl would do it: enable/disable,
 * reconfigure devdax ↔ system-ram, online/offline its memory blocks, destroy, create. A real
 * machine (opened with --allow-write) asks first; its writes are audited by the source.
 */
final class DeviceActionsPanel extends VBox {
    private final InspectorViewModel model;
    private final FlowPane buttons = new FlowPane(6, 6);
    private final Label note = new Label();
    private Object shownState;

    /** One offered action: its button text, the daxctl command, and what it does in a sentence. */
    record Action(String label, List<String> args, String explanation) {
    }

    DeviceActionsPanel(InspectorViewModel model) {
        super(6);
        this.model = model;
        note.setWrapText(true);
        note.getStyleClass().add("legend");
        getChildren().addAll(PropertiesPane.header("Actions"), buttons, note);
        setPadding(new Insets(0, 10, 8, 10));
        model.followSelection(this::show);
    }

    private void show(TreeObject selected, MachineSnapshot snap) {
        List<Action> actions = actions(snap, selected);
        Object state = List.of(actions, model.source().writable());
        if (state.equals(shownState)) {
            return;
        }
        shownState = state;
        boolean any = !actions.isEmpty();
        setVisible(any);
        setManaged(any);
        buttons.getChildren().clear();
        for (Action a : actions) {
            Button b = new Button(a.label());
            b.setTooltip(new Tooltip(a.explanation() + "\n(daxctl " + String.join(" ", a.args()) + ")"));
            b.setDisable(!model.source().writable());
            b.setOnAction(e -> run(a));
            buttons.getChildren().add(b);
        }
        note.setText(model.source().writable() ? "" : model.source().name()
                + " is read-only: start daxscope with --allow-write to change it.");
    }

    /** The actions that make sense for the selection in its present state. */
    static List<Action> actions(MachineSnapshot snap, TreeObject selected) {
        List<Action> out = new ArrayList<>();
        if (selected instanceof TreeObject.Region r) {
            snap.regions().stream().filter(x -> x.id() == r.id()).findFirst().filter(x -> availableOf(x) > 0)
                    .ifPresent(x -> out.add(new Action("Create device", List.of("create-device", "-r", String.valueOf(x.id())),
                            "Creates a device from the region's " + Format.size(availableOf(x)) + " still available")));
            return out;
        }
        Optional<DeviceInfo> device = selected instanceof TreeObject.Device d ? snap.device(d.name()) : Optional.empty();
        if (device.isEmpty()) {
            return out;
        }
        DeviceInfo d = device.get();
        String n = d.name();
        if ("kmem".equals(d.driver())) {
            out.add(new Action("Reconfigure to devdax", List.of("reconfigure-device", "-m", "devdax", "-f", n),
                    "Offlines its memory blocks, unbinds kmem and binds device_dax"));
            if (d.onlineBlocks() < d.totalBlocks()) {
                out.add(new Action("Online memory", List.of("online-memory", n), "Onlines its offline memory blocks"));
            }
            if (d.onlineBlocks() > 0) {
                out.add(new Action("Offline memory", List.of("offline-memory", n), "Offlines its online memory blocks"));
            }
        } else if (d.bound()) {
            out.add(new Action("Disable (unbind)", List.of("disable-device", n), "Unbinds device_dax: its size and align"
                    + " can change, /dev/" + n + " goes away"));
            out.add(new Action("Reconfigure to system-ram", List.of("reconfigure-device", "-m", "system-ram", "-f", n),
                    "Hands the device to kmem as memory blocks of a NUMA node (see What if for the blocks)"));
        } else {
            if (d.size() > 0) {
                out.add(new Action("Enable (bind)", List.of("enable-device", n), "Binds device_dax: /dev/" + n
                        + " appears"));
            }
            out.add(new Action("Destroy", List.of("destroy-device", n), "Sets its size to 0 and deletes it from the"
                    + " region (device 0 stays, empty)"));
        }
        return out;
    }

    private static long availableOf(RegionInfo r) {
        return r.availableSize() == null ? 0 : r.availableSize();
    }

    private void run(Action a) {
        if (!model.source().simulated()) {
            // A real machine: nothing changes before the person says so.
            Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, a.explanation() + ".\n\nThis writes to "
                    + model.source().name() + " (audited): daxctl " + String.join(" ", a.args()), ButtonType.OK,
                    ButtonType.CANCEL);
            confirm.setHeaderText(a.label() + "?");
            if (getScene() != null) {
                confirm.initOwner(getScene().getWindow());
            }
            // Not showAndWait: the answer arrives as an event, so nothing waits inside a nested loop.
            confirm.resultProperty().addListener((o, was, answer) -> {
                if (ButtonType.OK.equals(answer)) {
                    model.daxctl(a.label(), a.args());
                }
            });
            confirm.show();
            return;
        }
        model.daxctl(a.label(), a.args());
    }

    /** The button offering {@code label}, if shown (tests press it as a person would). */
    Optional<Button> button(String label) {
        return buttons.getChildren().stream().map(Button.class::cast).filter(b -> b.getText().equals(label)).findFirst();
    }
}
