package dev.daxscope.ui;

import dev.daxscope.model.damon.DamonState.DamonStat;
import dev.daxscope.model.damon.HeatFrame;
import dev.daxscope.model.damon.HeatFrame.NodeHeat;
import dev.daxscope.model.damon.HeatReport.HeatRange;
import dev.daxscope.source.DaxSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * DAMON heat in the Memory tiers view, per NUMA node: bytes monitored and hot, the estimated
 * bandwidth, idle-time percentiles and the hottest ranges with their owners; the dax devices
 * DAMON cannot see and why; DAMON_STAT; a time axis over the last minutes of readings and a key
 * in DAMON's units. Where the source can (the simulator) a node can be given a monitor and a
 * process that keeps its memory there hot.
 */
final class DamonHeatPanel extends VBox {
    /** What "Run a hot process" allocates on the node. */
    static final long HOT_PROCESS_BYTES = 256L << 20;
    private final DamonHeatFeed feed;
    private final InspectorViewModel model;
    private final Slider axis = new Slider(0, 0, 0);
    private final Button newest = new Button("Newest");
    private final Label when = new Label();
    private final VBox nodes = new VBox(6);
    private final Label hidden = new Label();
    private final Label stat = new Label();
    private final Label message = new Label();
    private final Map<Integer, NodeRow> rows = new LinkedHashMap<>();
    private Object rowsKey;
    private boolean moving;

    DamonHeatPanel(DamonHeatFeed feed, InspectorViewModel model) {
        super(6);
        this.feed = feed;
        this.model = model;
        setId("damon-heat");
        getStyleClass().add("tier-band");
        setPadding(new Insets(8));
        setStyle("-fx-border-color: -fx-box-border; -fx-border-radius: 4;");
        Label title = new Label("DAMON heat — how often each part of System RAM is accessed");
        title.getStyleClass().add("view-title");
        axis.setId("damon-time-axis");
        axis.setBlockIncrement(1);
        axis.setMajorTickUnit(1);
        axis.setSnapToTicks(true);
        axis.valueProperty().addListener((o, a, v) -> {
            if (!moving) {
                feed.show((int) Math.round(v.doubleValue()));
            }
        });
        HBox.setHgrow(axis, Priority.ALWAYS);
        newest.setOnAction(e -> feed.show(Integer.MAX_VALUE));
        when.setId("damon-when");
        HBox time = new HBox(8, new Label("Time"), axis, newest);
        time.setAlignment(Pos.CENTER_LEFT);
        when.getStyleClass().add("legend");
        for (Label l : List.of(hidden, stat, message)) {
            l.setWrapText(true);
            l.getStyleClass().add("legend");
        }
        hidden.setId("damon-unobservable");
        message.setId("damon-message");
        getChildren().setAll(title, time, when, DamonHeatOverlay.key(), nodes, hidden, stat, message);
        feed.shownProperty().addListener((o, a, f) -> show(f));
        message.textProperty().bind(feed.messageProperty());
        show(feed.shownProperty().get());
    }

    private void show(HeatFrame f) {
        moving = true;
        axis.setMax(Math.max(0, feed.timeline().size() - 1));
        axis.setValue(Math.max(0, feed.shownIndex()));
        moving = false;
        axis.setDisable(feed.timeline().size() < 2);
        newest.setDisable(feed.following());
        if (f == null) {
            when.setText("reading DAMON …");
            rows.clear();
            rowsKey = null;
            nodes.getChildren().setAll(new Label("No DAMON reading yet."));
            hidden.setText("");
            stat.setText("");
            return;
        }
        long back = feed.timeline().newest().wallMillis() - f.wallMillis();
        long span = feed.timeline().newest().wallMillis() - feed.timeline().at(0).wallMillis();
        when.setText((back == 0 ? "newest reading" : Format.duration(back) + " before the newest") + "  ·  "
                + Format.duration(span) + " of history" + (feed.following() ? "  ·  live" : ""));
        showNodes(f);
        hidden.setText(unobservableText(f));
        stat.setText(statText(f));
    }

    private void showNodes(HeatFrame f) {
        boolean control = model.source().damonControl().isPresent();
        Object key = List.of(f.nodes().stream().map(n -> n.node() + ":" + n.monitored()).toList(), control);
        if (!key.equals(rowsKey)) {
            // Rebuilt only when a node or its monitor comes or goes: buttons stay put under the pointer.
            rowsKey = key;
            rows.clear();
            f.nodes().forEach(n -> rows.put(n.node(), new NodeRow(n.node(), n.monitored(), control)));
            List<Node> shownRows = new ArrayList<>(rows.values().stream().map(NodeRow::box).toList());
            if (shownRows.isEmpty()) {
                shownRows.add(new Label("No node has online memory: DAMON's physical operations watch System RAM only."));
            }
            nodes.getChildren().setAll(shownRows);
        }
        f.nodes().forEach(n -> rows.get(n.node()).show(n));
    }

    /** "No heat, by design: dax0.1, dax0.2 (devdax), dax0.0 (unbound): …" — each mode once, the reason once. */
    static String unobservableText(HeatFrame f) {
        if (f.unobservable().isEmpty()) {
            return "";
        }
        Map<String, List<String>> byMode = new LinkedHashMap<>();
        f.unobservable().forEach(u -> byMode.computeIfAbsent(u.mode(), m -> new ArrayList<>()).add(u.device()));
        List<String> groups = byMode.entrySet().stream().map(e -> String.join(", ", e.getValue()) + " (" + e.getKey() + ")").toList();
        return "No heat, by design: " + String.join(", ", groups) + ": "
                + dev.daxscope.model.damon.HeatScopes.NOT_OBSERVABLE;
    }

    private static String statText(HeatFrame f) {
        return f.stat().map(DamonHeatPanel::describe).orElse("DAMON_STAT: not on this kernel (6.17 and later).");
    }

    private static String describe(DamonStat s) {
        if (!s.enabled()) {
            return "DAMON_STAT: off.";
        }
        String bandwidth = s.estimatedBandwidth().isPresent() ? bandwidth(s.estimatedBandwidth().getAsLong()) : "?";
        return "DAMON_STAT (whole System RAM): estimated bandwidth " + bandwidth + "  ·  idle " + percentiles(s.idleMsPercentiles());
    }

    static String bandwidth(long bytesPerSecond) {
        return Format.size(bytesPerSecond) + "/s";
    }

    /** "p50 1.2 s, p90 …, p99 …" of 101 percentiles in ms; negative values are recently accessed memory. */
    static String percentiles(List<Long> ms) {
        if (ms.size() < 101) {
            return "percentiles not published yet";
        }
        return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s", idle(ms.get(50)), idle(ms.get(90)), idle(ms.get(99)));
    }

    private static String idle(long ms) {
        return ms < 0 ? "accessed (" + Format.duration(-ms) + " running)" : Format.duration(ms);
    }

    /** One node's row: its figures, hottest ranges and the actions the source allows. */
    private final class NodeRow {
        private final VBox box = new VBox(2);
        private final Label figures = new Label();
        private final Label hottest = new Label();

        NodeRow(int node, boolean monitored, boolean control) {
            box.setId("damon-node-" + node);
            figures.setWrapText(true);
            hottest.setWrapText(true);
            hottest.getStyleClass().add("legend");
            box.getChildren().addAll(figures, hottest);
            if (control) {
                HBox actions = new HBox(6);
                if (!monitored) {
                    actions.getChildren().add(action("damon-monitor-" + node, "Monitor node " + node,
                            "Monitor node " + node, c -> c.monitor(node)));
                }
                actions.getChildren().add(action("damon-hot-" + node, "Run a hot process on node " + node,
                        "A hot process on node " + node, c -> c.hotProcess(node, HOT_PROCESS_BYTES)));
                box.getChildren().add(actions);
            }
        }

        private Button action(String id, String text, String what,
                              java.util.function.Function<DaxSource.DamonControl, dev.daxscope.model.Outcome> act) {
            Button b = new Button(text);
            b.setId(id);
            b.setOnAction(e -> feed.act(what, act));
            return b;
        }

        Node box() {
            return box;
        }

        void show(NodeHeat n) {
            if (!n.monitored()) {
                figures.setText("node " + n.node() + ": no monitor with per-region figures covers it, so no heat (not cold).");
                hottest.setText("");
                return;
            }
            figures.setText("node " + n.node() + ": " + Format.size(n.monitoredBytes()) + " monitored  ·  " + Format.size(n.hotBytes())
                    + " hot (nr_accesses > 0)  ·  estimated " + bandwidth(n.estimatedBandwidth()) + "  ·  idle "
                    + percentiles(n.idleMsPercentiles()));
            hottest.setText(n.hottest().isEmpty() ? "Nothing was accessed in the last aggregation interval."
                    : "Hottest: " + String.join("\n         ", n.hottest().stream().map(r -> range(r, n.maxNrAccesses())).toList()));
        }
    }

    static String range(HeatRange r, long max) {
        return Format.hex(r.start()) + " – " + Format.hex(r.end()) + " (" + Format.size(r.size()) + ")  nr_accesses " + r.nrAccesses()
                + "/" + max + "  age " + r.age() + (r.owners().isEmpty() ? "" : "  ·  " + String.join(", ", r.owners()));
    }
}
