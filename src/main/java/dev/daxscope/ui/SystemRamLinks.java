package dev.daxscope.ui;

import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import javafx.geometry.Insets;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;

/**
 * Under the region map, each system-ram (kmem) device linked to the NUMA node its memory became
 * and that node's memory tier: "dax0.1 → node 1 · memory_tier22". A click selects the node.
 */
final class SystemRamLinks extends FlowPane {
    private IntConsumer onSelectNode = node -> { };
    private IntFunction<Optional<String>> tierOf = node -> Optional.empty();
    private MachineSnapshot shown;

    SystemRamLinks() {
        super(12, 4);
        setPadding(new Insets(6, 12, 0, 12));
    }

    /** Called with the node's id when a link is clicked. */
    void setOnSelectNode(IntConsumer action) {
        onSelectNode = action;
    }

    /** How a node's memory tier is named ("memory_tier22"); empty while the tiers are not known. */
    void setTierOf(IntFunction<Optional<String>> tierOf) {
        this.tierOf = tierOf;
        relabel();
    }

    void show(MachineSnapshot snap) {
        shown = snap;
        relabel();
    }

    /** Draws the links again (the tiers were read again). */
    void relabel() {
        List<DeviceInfo> kmem = shown == null ? List.of() : shown.devices().stream().filter(DeviceInfo::systemRam)
                .filter(d -> d.targetNode() != null && d.targetNode() >= 0).toList();
        getChildren().clear();
        setVisible(!kmem.isEmpty());
        setManaged(!kmem.isEmpty());
        if (kmem.isEmpty()) {
            return;
        }
        getChildren().add(new Label("System-ram:"));
        for (DeviceInfo d : kmem) {
            int node = d.targetNode();
            Hyperlink link = new Hyperlink(text(d.name(), node));
            link.setId("system-ram-link-" + d.name().replace('.', '-'));
            link.setOnAction(e -> onSelectNode.accept(node));
            link.setTooltip(new javafx.scene.control.Tooltip("Select node " + node + " in the tree"));
            getChildren().add(link);
        }
    }

    private String text(String device, int node) {
        return device + " → node " + node + tierOf.apply(node).map(t -> " · " + t).orElse("");
    }

    /** The links' texts, in order (tests). */
    List<String> texts() {
        return getChildren().stream().filter(Hyperlink.class::isInstance).map(n -> ((Hyperlink) n).getText()).toList();
    }
}
