package dev.daxscope.ui;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MemoryTopology.HmatAccess;
import dev.daxscope.model.MemoryTopology.MemoryTier;
import dev.daxscope.model.MemoryTopology.NumaNode;
import dev.daxscope.model.MemoryTopology;
import dev.daxscope.model.Outcome;
import dev.daxscope.source.DaxSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The "Memory tiers" view: the kernel's memory tiers as bands from the top, each NUMA node a box
 * with its memory, HMAT figures and the dax device or CXL region it came from; between bands
 * the demotion and promotion rates (from the nodes' vmstat counters, per refresh); a click on a
 * node lists the processes with pages on it (numa_maps). Device-DAX devices with a target node
 * can be made system-ram here (after a confirmation), and their node then appears in its tier.
 *
 * <p>The topology is read off the FX thread, on the window's one background executor (a real
 * machine's numa_maps are many files; screenshots and tests wait for it like any other read); one
 * read at a time, the latest request wins.
 */
public final class MemoryTiersView extends BorderPane {
    private final Supplier<DaxSource> source;
    private final BackgroundTasks reader;
    private final Label settings = new Label();
    private final Label warnings = new Label();
    private final VBox bands = new VBox(4);
    private final FlowPane candidates = new FlowPane(6, 4);
    private static final String WHO_HINT = "Click a node to see the processes with pages on it (also in the Processes view).";
    private final Label whoTitle = new Label(WHO_HINT);
    private final ListView<String> who = new ListView<>();
    private Consumer<String> onSelectDevice = d -> { };
    private boolean reading;
    private boolean again;
    private final javafx.beans.property.ReadOnlyObjectWrapper<MemoryTopology> shown =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(MemoryTopology.unavailable("not read yet"));
    private final javafx.beans.property.ObjectProperty<Integer> selectedNode = new javafx.beans.property.SimpleObjectProperty<>();
    private final ScrollPane scroll;
    private final VBox content;
    private List<String> shownCandidates;
    private Object shownBands;
    /** The tier a tree link asked for, marked whenever the bands are drawn. */
    private Integer markedTier;
    /** The previous sample's counters per node and when it was taken, for rates. */
    private Map<Integer, Map<String, Long>> lastCounters = Map.of();
    private long lastSampleNanos;

    MemoryTiersView(Supplier<DaxSource> source, BackgroundTasks reader) {
        this.source = source;
        this.reader = reader;
        getStyleClass().add("memory-tiers");
        settings.setWrapText(true);
        warnings.setWrapText(true);
        warnings.getStyleClass().add("legend");
        candidates.setPadding(new Insets(0, 0, 4, 0));
        HBox candidateRow = new HBox(8, header("Device-DAX that can become system-ram:"), candidates);
        VBox top = new VBox(4, settings, candidateRow, warnings);
        top.setPadding(new Insets(8));
        setTop(top);
        content = new VBox(10, bands);
        content.setPadding(new Insets(8));
        scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        who.setPrefHeight(140);
        whoTitle.setWrapText(true);
        whoTitle.getStyleClass().add("who-title");
        VBox bottom = new VBox(4, whoTitle, who);
        bottom.setPadding(new Insets(8));
        setBottom(bottom);
        selectedNode.addListener((o, a, n) -> showWho(n));
    }

    /** The topology last read (what the bands show); the Processes view and the tree read it too. */
    public javafx.beans.property.ReadOnlyObjectProperty<MemoryTopology> topologyProperty() {
        return shown.getReadOnlyProperty();
    }

    /** The node whose processes are listed: a click on a node box sets it, and so does selecting a node elsewhere. */
    public javafx.beans.property.ObjectProperty<Integer> selectedNodeProperty() {
        return selectedNode;
    }

    /** Marks tier {@code id}'s band and scrolls to it (a tree row's tier link), now or once the tiers are read. */
    public void showTier(int id) {
        markedTier = id;
        markTier();
    }

    private void markTier() {
        Integer id = markedTier;
        javafx.scene.Node target = null;
        for (javafx.scene.Node band : bands.getChildren().filtered(b -> b.getStyleClass().contains("tier-band"))) {
            boolean it = id != null && ("memory-tier-" + id).equals(band.getId());
            band.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("selected"), it);
            band.setStyle(BAND_STYLE + (it ? " -fx-border-width: 3; -fx-border-color: -fx-accent;" : ""));
            target = it ? band : target;
        }
        if (target != null && getScene() != null) {
            // Laid out now, so a band just drawn has its place.
            scroll.layout();
        }
        if (target != null && bands.getHeight() > scroll.getViewportBounds().getHeight()) {
            double y = target.getBoundsInParent().getMinY();
            scroll.setVvalue(y / Math.max(1, bands.getHeight() - scroll.getViewportBounds().getHeight()));
        }
    }

    /** Adds {@code section} under the tiers (the DAMON heat panel). */
    void addBelowTiers(javafx.scene.Node section) {
        content.getChildren().add(section);
    }

    /** Where a click on a device name goes (the main window selects it in the tree). */
    public void setOnSelectDevice(Consumer<String> onSelectDevice) {
        this.onSelectDevice = onSelectDevice;
    }

    public MemoryTopology topology() {
        return shown.get();
    }

    /** Reads the source's topology in the background and shows it; called on the FX thread. */
    public void refresh() {
        if (reading) {
            again = true;
            return;
        }
        reading = true;
        DaxSource s = source.get();
        reader.run(() -> new Reading(s.topology(), s.snapshot(), System.nanoTime()), r -> delivered(s, r),
                why -> delivered(s, new Reading(MemoryTopology.unavailable("could not read the memory topology: " + why), null,
                        System.nanoTime())));
    }

    private record Reading(MemoryTopology topology, MachineSnapshot snapshot, long at) {
    }

    private void delivered(DaxSource from, Reading r) {
        reading = false;
        if (from != source.get()) {
            // Read from a machine (or kernel) the window has left: never shown; read the current one.
            again = false;
            refresh();
            return;
        }
        show(r.topology(), r.snapshot(), r.at());
        if (again) {
            again = false;
            refresh();
        }
    }

    /**
     * The window moved to another machine or kernel: nothing of the previous one stays on screen
     * (tiers, counters for rates, the selected node, the device buttons) until the new one is read.
     */
    public void sourceChanged() {
        lastCounters = Map.of();
        lastSampleNanos = 0;
        selectedNode.set(null);
        markedTier = null;
        shownCandidates = null;
        shownBands = null;
        shown.set(MemoryTopology.unavailable("not read yet"));
        settings.setText("Reading the memory tiers of " + source.get().name() + "…");
        warnings.setText("");
        bands.getChildren().clear();
        candidates.getChildren().clear();
        showWho(null);
    }

    void show(MemoryTopology t, MachineSnapshot snapshot, long sampledAt) {
        double seconds = lastSampleNanos == 0 ? 0 : (sampledAt - lastSampleNanos) / 1e9;
        Map<Integer, Double> demoted = rates(t, seconds, "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged",
                "pgdemote_proactive");
        Map<Integer, Double> promoted = rates(t, seconds, "pgpromote_success");
        Map<Integer, Map<String, Long>> counters = new HashMap<>();
        t.nodes().forEach(n -> counters.put(n.id(), n.vmstat()));
        lastCounters = counters;
        lastSampleNanos = sampledAt;
        List<String> candidateKey = candidateKey(snapshot);
        if (!candidateKey.equals(shownCandidates)) {
            // Rebuilt only when the devices change: a button must not be replaced under the pointer.
            shownCandidates = candidateKey;
            candidates.getChildren().setAll(candidateRows(snapshot));
        }
        Object bandsKey = List.of(t, demoted, promoted);
        if (bandsKey.equals(shownBands)) {
            return;
        }
        shownBands = bandsKey;
        shown.set(t);
        settings.setText(settingsText(t.settings()));
        warnings.setText(t.warnings().isEmpty() ? "" : t.warnings().size() + " note(s): " + String.join("; ", t.warnings()));
        List<javafx.scene.Node> rows = new ArrayList<>();
        Set<Integer> placed = new TreeSet<>();
        List<MemoryTier> tiers = t.tiers();
        for (int i = 0; i < tiers.size(); i++) {
            MemoryTier tier = tiers.get(i);
            placed.addAll(tier.nodes());
            rows.add(band("memory-tier-" + tier.id(), "memory_tier" + tier.id() + "  ·  abstract distance "
                    + tier.abstractDistanceStart() + "–" + tier.abstractDistanceEnd()
                    + (tier.nodes().stream().anyMatch(n -> t.node(n).map(NumaNode::hasCpu).orElse(false)) ? "  ·  CPUs" : ""),
                    tier.nodes(), t));
            if (i + 1 < tiers.size()) {
                // Demotions are counted on the node pages left, promotions on the node they reached: both upper-tier.
                rows.add(flow(sum(demoted, tier.nodes()), sum(promoted, tier.nodes())));
            }
        }
        List<Integer> outside = t.nodes().stream().map(NumaNode::id).filter(n -> !placed.contains(n)).toList();
        if (!outside.isEmpty()) {
            rows.add(band("memory-tier-none", "not in a tier  ·  no memory online", outside, t));
        }
        if (tiers.isEmpty() && outside.isEmpty()) {
            rows.add(new Label("No memory tiers to show."));
        }
        bands.getChildren().setAll(rows);
        markTier();
        showWho(selectedNode.get());
    }

    private static final String BAND_STYLE = "-fx-border-color: -fx-box-border; -fx-border-radius: 4; -fx-background-radius: 4;";

    private VBox band(String id, String title, List<Integer> nodes, MemoryTopology t) {
        Label head = new Label(title);
        head.getStyleClass().add("view-title");
        FlowPane boxes = new FlowPane(8, 8);
        for (int n : nodes) {
            boxes.getChildren().add(nodeBox(n, t));
        }
        VBox band = new VBox(6, head, boxes);
        band.setId(id);
        band.getStyleClass().add("tier-band");
        band.setPadding(new Insets(8));
        band.setStyle(BAND_STYLE);
        return band;
    }

    private VBox nodeBox(int id, MemoryTopology t) {
        VBox box = new VBox(3);
        box.setId("tier-node-" + id);
        box.getStyleClass().add("tier-node");
        box.setPadding(new Insets(6));
        box.setStyle("-fx-border-color: -fx-accent; -fx-border-radius: 3; -fx-min-width: 220;");
        Optional<NumaNode> node = t.node(id);
        Label title = new Label("node " + id + node.map(n -> n.hasCpu() ? "  ·  CPUs" : "  ·  no CPUs").orElse("  ·  no node directory"));
        title.getStyleClass().add("view-title");
        box.getChildren().add(title);
        node.ifPresent(n -> {
            ProgressBar usage = new ProgressBar(n.memTotal() > 0 && n.memUsed() >= 0 ? (double) n.memUsed() / n.memTotal() : 0);
            usage.setMaxWidth(Double.MAX_VALUE);
            usage.setTooltip(new Tooltip("used / total"));
            box.getChildren().addAll(usage, new Label(size(n.memTotal()) + " total  ·  " + size(n.memFree()) + " free"));
            for (HmatAccess a : n.hmat()) {
                box.getChildren().add(new Label("access" + a.accessClass() + ": " + figure(a.readLatency()) + "/"
                        + figure(a.writeLatency()) + " ns  ·  " + figure(a.readBandwidth()) + "/" + figure(a.writeBandwidth())
                        + " MB/s"));
            }
            if (n.hmat().isEmpty()) {
                box.getChildren().add(new Label("no HMAT figures"));
            }
            for (MemoryTopology.NodeSource s : n.daxDevices()) {
                Hyperlink link = new Hyperlink(s.device() + " (" + (s.driver().bound() ? s.driver().sysfsName() : "unbound") + ")"
                        + (s.cxlRegion() == null ? "" : "  ←  CXL " + s.cxlRegion()));
                link.setOnAction(e -> onSelectDevice.accept(s.device()));
                box.getChildren().add(link);
            }
            int processes = t.bytesOnNode(id).size();
            box.getChildren().add(new Label(processes + " process" + (processes == 1 ? "" : "es") + " with pages here"));
        });
        // A filter, not a handler: a click on the usage bar (a control, which takes the click) is a click on the node too.
        box.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_CLICKED, e -> selectedNode.set(id));
        return box;
    }

    private Label flow(double demotedPerSecond, double promotedPerSecond) {
        Label l = new Label(String.format(java.util.Locale.ROOT, "      ↓ demoted %.1f pages/s        ↑ promoted %.1f pages/s",
                demotedPerSecond, promotedPerSecond));
        l.getStyleClass().add("tier-flow");
        l.setTooltip(new Tooltip("Rates from the nodes' pgdemote_* (counted where pages left) and pgpromote_success"
                + " (counted where they arrived) since the last refresh"));
        return l;
    }

    /** Per-node rate of the sum of {@code counters} since the last sample; none on the first. */
    private Map<Integer, Double> rates(MemoryTopology t, double seconds, String... counters) {
        Map<Integer, Double> out = new HashMap<>();
        for (NumaNode n : t.nodes()) {
            Map<String, Long> before = lastCounters.get(n.id());
            if (before == null || seconds <= 0) {
                continue;
            }
            long delta = 0;
            for (String c : counters) {
                delta += Math.max(0, n.vmstat().getOrDefault(c, 0L) - before.getOrDefault(c, 0L));
            }
            if (delta > 0) {
                // Nothing moved reads as no rate at all: the bands are not redrawn under the pointer for a 0.0.
                out.put(n.id(), delta / seconds);
            }
        }
        return out;
    }

    private static double sum(Map<Integer, Double> rates, List<Integer> nodes) {
        return nodes.stream().mapToDouble(n -> rates.getOrDefault(n, 0.0)).sum();
    }

    /** Devices bound to device_dax with a target node and a size: what can become system-ram. */
    private static List<DeviceInfo> candidates(MachineSnapshot snapshot) {
        return snapshot == null ? List.of() : snapshot.devices().stream().filter(d -> d.driver() == DriverKind.DEVICE_DAX
                && d.targetNode() != null && d.targetNode() >= 0 && d.size() > 0).toList();
    }

    private static List<String> candidateKey(MachineSnapshot snapshot) {
        return candidates(snapshot).stream().map(d -> d.name() + "@" + d.targetNode()).toList();
    }

    private List<javafx.scene.Node> candidateRows(MachineSnapshot snapshot) {
        List<javafx.scene.Node> rows = new ArrayList<>();
        for (DeviceInfo d : candidates(snapshot)) {
            Button b = new Button("Make " + d.name() + " system-ram (node " + d.targetNode() + ")");
            b.setId("system-ram-" + d.name().replace('.', '-'));
            b.setDisable(!source.get().writable());
            b.setOnAction(e -> confirmSystemRam(d));
            rows.add(b);
        }
        if (rows.isEmpty()) {
            rows.add(new Label("None: no device bound to device_dax has a target node."));
        }
        return rows;
    }

    /**
     * As {@code daxctl reconfigure-device -m system-ram} does it: unbind from device_dax, take the
     * device off device_dax's id list and put it on kmem's, whose new_id attaches it (R38, R39).
     */
    private void confirmSystemRam(DeviceInfo d) {
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION);
        confirm.setTitle("Reconfigure " + d.name());
        confirm.setHeaderText("Make " + d.name() + " system-ram on " + source.get().name() + "?");
        confirm.setContentText("Unbinds " + d.name() + " from device_dax and binds it to kmem: its memory becomes part of"
                + " NUMA node " + d.targetNode() + " (onlined as auto_online_blocks says). Processes mapping it lose the mapping.");
        if (getScene() != null) {
            confirm.initOwner(getScene().getWindow());
        }
        confirm.showAndWait().filter(ButtonType.OK::equals).ifPresent(ok -> {
            DaxSource s = source.get();
            Outcome o = s.write("/sys/bus/dax/drivers/device_dax/unbind", d.name() + "\n");
            if (o.isOk()) {
                s.write("/sys/bus/dax/drivers/device_dax/remove_id", d.name() + "\n");
                o = s.write("/sys/bus/dax/drivers/kmem/new_id", d.name() + "\n");
            }
            whoTitle.setText(o.isOk() ? d.name() + " is system-ram now." : "Refused: " + o);
            refresh();
        });
    }

    private void showWho(Integer node) {
        if (node == null) {
            // No node chosen (or the machine it was on is gone): nothing of an earlier list stays.
            whoTitle.setText(WHO_HINT);
            who.getItems().clear();
            return;
        }
        List<String> rows = NodeProcesses.rows(shown.get(), node).stream()
                .map(r -> r.pid() + "  " + r.name() + "  " + r.sizeText()).toList();
        whoTitle.setText("Processes with pages on node " + node + " (numa_maps; processes that could be read): " + rows.size());
        who.getItems().setAll(rows);
    }

    private static String settingsText(MemoryTopology.TieringSettings s) {
        String demotion = s.demotionEnabled() == null ? "unknown" : s.demotionEnabled() ? "on" : "off";
        String balancing = s.numaBalancing() == null ? "unknown" : switch (s.numaBalancing()) {
            case 0 -> "off";
            case 1 -> "normal";
            case 2 -> "memory tiering";
            case 3 -> "normal + memory tiering";
            default -> Integer.toString(s.numaBalancing());
        };
        return "Demotion to lower tiers: " + demotion + "   ·   NUMA balancing: " + balancing
                + (Boolean.TRUE.equals(s.demotionEnabled()) || s.memoryTieringBalancing() ? ""
                : "   (pages move between tiers only when demotion or memory-tiering balancing is on)");
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("view-title");
        return l;
    }

    private static String size(long bytes) {
        return bytes < 0 ? "?" : Format.size(bytes);
    }

    private static String figure(long v) {
        return v < 0 ? "?" : Long.toString(v);
    }
}
