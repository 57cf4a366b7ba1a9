package dev.daxscope.ui;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
import dev.daxscope.model.MachineSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * What can be done to the selected device or region, as daxctl would do it: enable/disable,
 * reconfigure devdax ↔ system-ram and devdax ↔ famfs (where the kernel has fsdev_dax), online/offline
 * its memory blocks, destroy, create. The row of
 * buttons stays put while the machine changes under it (a button the pointer is on is never
 * swapped for another): an action that does not apply now is disabled and its tooltip says why.
 * A pressed action shows at once that it runs, until its answer arrives. Real machines (opened
 * with --allow-write) and unbinds of mapped devices ask first ({@link ActionConfirmation}).
 */
final class DeviceActionsPanel extends VBox {
    private static final List<String> DEVICE_ACTIONS = List.of("Enable (bind)", "Disable (unbind)",
            "Reconfigure to system-ram", "Reconfigure to devdax", "Reconfigure to famfs", "Online memory", "Offline memory",
            "Destroy");
    private static final List<String> REGION_ACTIONS = List.of("Create device");

    private final InspectorViewModel model;
    private final FlowPane buttons = new FlowPane(6, 6);
    private final Map<String, Button> byLabel = new LinkedHashMap<>();
    private final Label note = new Label();
    /** The action running now (its label), null when none: every button waits for its answer. */
    private String pending;
    private List<String> shownLabels = List.of();

    /**
     * One action as the selection offers it: its button text, the daxctl command, what it does in a
     * sentence, and why it cannot run now (null when it can).
     */
    record Action(String label, List<String> args, String explanation, String whyNot) {
        boolean available() {
            return whyNot == null;
        }
    }

    DeviceActionsPanel(InspectorViewModel model) {
        super(6);
        this.model = model;
        note.setWrapText(true);
        note.setMinHeight(Label.USE_PREF_SIZE);
        note.getStyleClass().add("legend");
        for (String label : concat(DEVICE_ACTIONS, REGION_ACTIONS)) {
            Button b = new Button(label);
            b.setMinWidth(Button.USE_PREF_SIZE);
            byLabel.put(label, b);
        }
        getChildren().addAll(PropertiesPane.header("Actions"), buttons, note);
        setPadding(new Insets(0, 10, 8, 10));
        model.followSelection(this::show);
        model.transitionProperty().addListener((o, a, t) -> pending = null);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void show(TreeObject selected, MachineSnapshot snap) {
        List<Action> actions = actions(snap, selected);
        List<String> labels = actions.stream().map(Action::label).toList();
        boolean any = !actions.isEmpty();
        setVisible(any);
        setManaged(any);
        if (!labels.equals(shownLabels)) {
            // Only another kind of selection (device ↔ region) changes which buttons there are.
            shownLabels = labels;
            buttons.getChildren().setAll(labels.stream().map(l -> (javafx.scene.Node) holderOf(byLabel.get(l))).toList());
        }
        boolean writable = model.source().writable();
        for (Action a : actions) {
            Button b = byLabel.get(a.label());
            String why = !writable ? model.source().name() + " is read-only" : a.whyNot();
            b.setDisable(pending != null || why != null);
            b.setText(a.label().equals(pending) ? a.label() + " …" : a.label());
            String tip = a.explanation() + "\n(daxctl " + String.join(" ", a.args()) + ")"
                    + (why == null ? "" : "\n\nNot now: " + why + ".");
            b.setTooltip(new Tooltip(tip));
            // A disabled button gets no mouse events: its holder shows the same tooltip, reason included.
            Tooltip.install(b.getParent(), new Tooltip(tip));
            b.setOnAction(e -> run(a));
        }
        note.setText(pending != null ? "Running daxctl " + pendingCommand + " …" : writable ? ""
                : model.source().name() + " is read-only: start daxscope with --allow-write to change it.");
    }

    private static StackPane holderOf(Button b) {
        return b.getParent() instanceof StackPane holder ? holder : new StackPane(b);
    }

    /** Every action of the selection's kind, each available or not (and why not) in its present state. */
    static List<Action> actions(MachineSnapshot snap, TreeObject selected) {
        List<Action> out = new ArrayList<>();
        if (selected instanceof TreeObject.Region r) {
            snap.regions().stream().filter(x -> x.id() == r.id()).findFirst().ifPresent(x -> out.add(new Action(
                    "Create device", List.of("create-device", "-r", String.valueOf(x.id())),
                    "Creates a device from the region's " + Format.size(availableOf(x)) + " still available",
                    availableOf(x) > 0 ? null : "the region has no space left")));
            return out;
        }
        Optional<DeviceInfo> device = selected instanceof TreeObject.Device d ? snap.device(d.name()) : Optional.empty();
        if (device.isEmpty()) {
            return out;
        }
        DeviceInfo d = device.get();
        String n = d.name();
        boolean devdax = d.driver() == DriverKind.DEVICE_DAX;
        boolean kmem = d.systemRam();
        boolean famfs = d.famfs();
        String bound = "it is bound to " + d.driver();
        out.add(new Action("Enable (bind)", List.of("enable-device", n), "Binds device_dax: /dev/" + n + " appears",
                d.bound() ? bound : d.size() == 0 ? "its size is 0: resize it first" : null));
        out.add(new Action("Disable (unbind)", List.of("disable-device", n), "Unbinds " + (famfs ? DriverKind.FSDEV_DAX : DriverKind.DEVICE_DAX)
                + ": its size and align can change, /dev/" + n + " goes away", devdax || famfs ? null
                : kmem ? bound + ": reconfigure it to devdax" : "it is not bound"));
        out.add(new Action("Reconfigure to system-ram", List.of("reconfigure-device", "-m", "system-ram", "-f", n),
                "Hands the device to kmem as memory blocks of a NUMA node (see What if for the blocks)",
                kmem ? "it is system-ram already" : d.size() == 0 ? "its size is 0: resize it first" : null));
        out.add(new Action("Reconfigure to devdax", List.of("reconfigure-device", "-m", "devdax", "-f", n),
                famfs ? "Unbinds fsdev_dax and binds device_dax: /dev/" + n + " can be mapped again"
                        : "Offlines its memory blocks, unbinds kmem and binds device_dax",
                kmem || famfs ? null : "it is not system-ram or famfs"));
        out.add(new Action("Reconfigure to famfs", List.of("reconfigure-device", "-m", "famfs", n),
                "Binds fsdev_dax (famfs mode): order-0 folios for a famfs filesystem; /dev/" + n + " can no longer be mapped",
                !snap.kernel().hasFsdevDax() ? "this kernel has no fsdev_dax driver (famfs mode needs 7.x)"
                        : kmem ? "it is in system-ram mode; must be in devdax mode to convert to famfs"
                        : famfs ? "it is in famfs mode already" : d.size() == 0 ? "its size is 0: resize it first" : null));
        out.add(new Action("Online memory", List.of("online-memory", n), "Onlines its offline memory blocks",
                !kmem ? "it is not system-ram" : d.onlineBlocks() < d.totalBlocks() ? null : "every block is online"));
        out.add(new Action("Offline memory", List.of("offline-memory", n), "Offlines its online memory blocks",
                !kmem ? "it is not system-ram" : d.onlineBlocks() > 0 ? null : "no block is online"));
        out.add(new Action("Destroy", List.of("destroy-device", n), "Sets its size to 0 and deletes it from the region"
                + " (device 0 stays, empty)", d.bound() ? bound + ": disable it first" : null));
        return out;
    }

    private static long availableOf(RegionInfo r) {
        return r.availableSize() == null ? 0 : r.availableSize();
    }

    private String pendingCommand = "";

    private void run(Action a) {
        if (pending != null || !a.available()) {
            return;
        }
        ActionConfirmation.confirmThen(this, model, a.label() + ": " + a.args().getLast() + "?", a.args(), a.explanation(), () -> {
            // Shown before the command is queued, so a press under load answers at once. The pressed
            // button is disabled while it runs: focus stays on the panel, not on the next button (Destroy).
            requestFocus();
            pending = a.label();
            pendingCommand = String.join(" ", a.args());
            refresh();
            model.daxctl(a.label(), a.args(), () -> {
                pending = null;
                refresh();
            });
        });
    }

    private void refresh() {
        show(model.selectionProperty().get(), model.snapshot());
    }

    /** The button offering {@code label}, if the selection offers it (tests press it as a person would). */
    Optional<Button> button(String label) {
        return shownLabels.contains(label) ? Optional.of(byLabel.get(label)) : Optional.empty();
    }

    /** The buttons shown, in order (tests check they are the same nodes before and after an action). */
    List<Button> shownButtons() {
        return shownLabels.stream().map(byLabel::get).toList();
    }

    String noteText() {
        return note.getText();
    }
}
