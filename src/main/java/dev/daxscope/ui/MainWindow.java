package dev.daxscope.ui;

import dev.daxscope.source.DaxSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The inspector's main window: it lays out the views, each bound to one
 * {@link InspectorViewModel}, and drives the view-model once per frame. Adding a view is one
 * {@link #register} line.
 */
public final class MainWindow {
    /** The view names {@code daxscope screenshot --view} accepts. */
    public static final List<String> VIEWS = List.of("tree", "region-map", "page-map", "processes", "fault-log", "stats",
            "memory-tiers", "properties", "scenario-player");

    private final InspectorViewModel model;
    private final UiPreferences preferences;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final List<ViewTab> views = new ArrayList<>();
    private final ObjectTreeView tree;
    private final ScenarioDrawer scenarios;
    private final PageMapView pageMap;
    private final RegionMapView regionMap;
    private final MemoryTiersView tiersView;
    private final FaultLogView faultLog;
    private ProcessesView processes;
    private StatsView stats;
    private final PropertiesPane properties;
    private final WhatIfPanel whatIf;
    private final DeviceActionsPanel actions;
    private final ProbePanel probePanel;
    private final SourceControls sources;
    private final WorkloadControls workload;
    private final LiveControls live;
    private final Button exportButton;
    private final AnimationTimer timer;
    private final DamonHeatFeed heat;

    /** A tab of the centre: its name for --view and shortcuts, its title, and how to build its content on first show. */
    private record ViewTab(String name, Tab tab, Supplier<Node> content) {
    }

    public MainWindow(DaxSource source, UiPreferences preferences) {
        this.preferences = preferences;
        this.model = new InspectorViewModel(source, preferences.refreshMillis());
        preferences.writeThrough(model.tasks()::execute);
        model.refreshMillisProperty().addListener((o, a, ms) -> preferences.setRefreshMillis(ms.longValue()));
        if (preferences.dark()) {
            root.getStyleClass().add("dark");
        }
        root.getStyleClass().add("inspector");
        scenarios = new ScenarioDrawer(model, preferences);
        tiersView = new MemoryTiersView(model::source, model.tasks());
        pageMap = new PageMapView(model, new EmptyStateView(model, scenarios));
        regionMap = new RegionMapView(new EmptyStateView(model, scenarios));
        tree = new ObjectTreeView(model);
        faultLog = new FaultLogView(model);
        whatIf = new WhatIfPanel(model);
        actions = new DeviceActionsPanel(model);
        probePanel = new ProbePanel(model::source, PropertiesPane.header("Probe (writes allowed)"));
        properties = new PropertiesPane(model, actions, whatIf, probePanel);
        sources = new SourceControls(model, () -> root.getScene().getWindow());
        live = new LiveControls(model, sources.interval());
        exportButton = new ExportButton(() -> tabs.getSelectionModel().getSelectedItem().getText(), this::exportView,
                why -> model.showProblem("Export failed: " + why));
        workload = new WorkloadControls(model);
        heat = new DamonHeatFeed(model);
        regionMap.showHeat(heat);
        tiersView.addBelowTiers(new DamonHeatPanel(heat, model));
        regionMap.follow(model, tree::select, node -> tiersView.topology().tierOfNode(node).map(t -> "memory_tier" + t.id()));
        model.selectionProperty().addListener((o, a, b) -> showProbe(b));
        showProbe(model.selectionProperty().get());

        register("region-map", "Region map", () -> regionMap);
        register("page-map", "Page map", () -> pageMap);
        register("processes", "Processes", () -> processes = new ProcessesView(model, tiersView.topologyProperty(),
                tiersView.selectedNodeProperty()));
        register("fault-log", "Fault log", () -> faultLog);
        register("stats", "Stats", () -> stats = new StatsView(model));
        register("memory-tiers", "Memory tiers", () -> tiersView);
        tiersView.setOnSelectDevice(name -> tree.select("device:" + name));
        // Read again when shown and at every sample while shown; the tree names a system-ram device's node and tier.
        model.statusProperty().addListener((o, a, b) -> refreshTiersIfShown());
        model.transitionProperty().addListener((o, a, b) -> {
            tiersView.sourceChanged();
            refreshTiersIfShown();
        });
        tree.linkNodes(tiersView::topology, tier -> {
            selectTab("memory-tiers");
            tiersView.showTier(tier);
        });
        // The tree's tier links follow what the tiers view last read, machine changed or not.
        tiersView.topologyProperty().addListener((o, a, t) -> {
            tree.relabel();
            regionMap.links().relabel();
        });
        // Selecting a node (tree row or node link) lists the processes with pages there, in the tiers view if it shows.
        model.selectionProperty().addListener((o, a, b) -> {
            if (b instanceof TreeObject.NumaNode n) {
                tiersView.selectedNodeProperty().set(n.id());
                if (!shown(tiersView)) {
                    selectTab("processes");
                }
            }
        });
        model.snapshotProperty().addListener((o, a, s) -> {
            List<String> systemRam = s.devices().stream().filter(d -> d.systemRam()).map(d -> d.name() + "@" + d.targetNode()).toList();
            if (!systemRam.equals(shownSystemRam)) {
                // A device became system-ram (or stopped): read its node's tier for the tree's link.
                shownSystemRam = systemRam;
                tiersView.refresh();
            }
        });

        // The first sample, now that every view listens: the fault log starts with the events held.
        model.sample();
        // One reading of the tiers for the tree's node and tier links (again when system-ram devices change).
        tiersView.refresh();
        root.setTop(toolbar());
        root.setCenter(body());
        root.setBottom(new VBox(scenarios, new StatusLine(model.statusProperty())));
        root.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                Shortcuts.install(scene, this::toggleLive, views.stream().<Runnable>map(v -> () -> tabs.getSelectionModel()
                        .select(v.tab())).toList(), () -> {
                            showView("fault-log");
                            faultLog.focusFilter();
                        }, exportButton::fire, scenarios);
            }
        });
        timer = new FrameTimer(this::frame);
    }

    private void showProbe(TreeObject selected) {
        probePanel.show(selected instanceof TreeObject.Device d ? model.snapshot().device(d.name()).orElse(null) : null);
    }

    private List<String> shownSystemRam = List.of();

    private boolean shown(Node view) {
        return view != null && tabs.getSelectionModel().getSelectedItem() != null
                && tabs.getSelectionModel().getSelectedItem().getContent() == view;
    }

    private void selectTab(String name) {
        views.stream().filter(v -> v.name().equals(name)).findFirst().ifPresent(v -> tabs.getSelectionModel().select(v.tab()));
    }

    /** The topology is read while a view that shows it is shown: Memory tiers, or Processes (pages per node). */
    private void refreshTiersIfShown() {
        if (shown(tiersView) || shown(processes)) {
            tiersView.refresh();
        }
    }

    /** Adds a tab to the centre; its content is built the first time it is shown. */
    void register(String name, String title, Supplier<Node> content) {
        Tab tab = new Tab(title);
        views.add(new ViewTab(name, tab, content));
        tab.selectedProperty().addListener((o, was, now) -> {
            if (now && tab.getContent() == null) {
                tab.setContent(content.get());
            }
            if (now && (tab.getContent() == tiersView || tab.getContent() == processes)) {
                tiersView.refresh();
            }
        });
        tab.setTooltip(new Tooltip("Ctrl+" + views.size()));
        tabs.getTabs().add(tab);
    }

    public Parent root() {
        return root;
    }

    public void start() {
        timer.start();
    }

    public void stop() {
        timer.stop();
    }

    /** Stops what the source runs (workloads) and the background executor when the window goes away. */
    public void closeSource() {
        heat.close();
        model.close();
    }

    /**
     * The toolbar: groups of controls that wrap onto a second row when the window is narrow, so
     * every control stays in the window (a ToolBar's overflow menu opened off its right edge).
     */
    private Node toolbar() {
        Button theme = new ThemeButton(root, preferences, () -> {
            regionMap.repaint();
            pageMap.redraw(true);
            if (stats != null) {
                stats.repaint();
            }
        });
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(12, 4, toolGroup(sources.sourceMenu(), live.toggle(),
                sources.kernelControl(), sources.interval()), workload, toolGroup(scenarios.menu(), exportButton, theme));
        bar.getStyleClass().add("tool-bar");
        bar.setId("toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        return bar;
    }

    private static HBox toolGroup(Node... controls) {
        HBox group = new HBox(6, controls);
        group.setAlignment(Pos.CENTER_LEFT);
        return group;
    }

    private SplitPane body() {
        VBox left = new VBox(PropertiesPane.header("Objects"), tree);
        VBox.setVgrow(tree, Priority.ALWAYS);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        showView("page-map");
        // The PAUSED badge sits over the views' top-right corner, where the frozen data is.
        StackPane centre = new StackPane(tabs, live.pausedBadge());
        StackPane.setAlignment(live.pausedBadge(), Pos.TOP_RIGHT);
        StackPane.setMargin(live.pausedBadge(), new Insets(6, 10, 0, 0));
        return new BodySplit(left, centre, properties, tree, model).split();
    }

    /** One frame: the view-model samples (at its cadence) and the page map repaints what changed. */
    void frame(long now) {
        if (!model.liveProperty().get()) {
            return;
        }
        model.tick(now);
        heat.tick(now);
        pageMap.redraw(false);
    }

    /** Space: live / paused. */
    public void toggleLive() {
        model.liveProperty().set(!model.liveProperty().get());
    }

    /** Writes a PNG of the selected view (the Export button, whose file dialog confirmed replacing, and tests). */
    public void exportView(Path file) throws IOException {
        Node view = tabs.getSelectionModel().getSelectedItem().getContent();
        ScreenshotCommand.writePng(ScreenshotCommand.toBuffered(view.snapshot(null, null)), file, true);
    }

    /** Selects the tab or pane a view name stands for (screenshots, tests). */
    public void showView(String view) {
        views.stream().filter(v -> v.name().equals(view)).findFirst().or(() -> views.stream()
                .filter(v -> v.name().equals("page-map")).findFirst()).ifPresent(v -> tabs.getSelectionModel().select(v.tab()));
        switch (view) {
            case "processes" -> processes.openFirstMapping();
            case "tree" -> {
                tree.expandAll();
                tree.requestFocus();
            }
            case "properties" -> {
                // A CXL provider's region shows the most: dax_region attributes and the CXL region's.
                model.snapshot().cxlRegions().stream().filter(c -> c.daxRegion() != null).findFirst()
                        .ifPresent(c -> tree.select("region:" + c.daxRegion()));
                tree.requestFocus();
            }
            case "scenario-player" -> {
                scenarios.openTour();
                scenarios.play();
                scenarios.play();
            }
            default -> {
            }
        }
    }

    /** Repaints everything from the source now (used before a screenshot, and by tests). */
    public void refreshNow() {
        refreshTiersIfShown();
        model.refreshStructure();
        model.sample();
        pageMap.redraw(true);
    }

    /** Set for screenshots: no heap figure, and the tour's machine measures faults/s on {@code clock}. */
    void repeatable(java.util.function.LongSupplier clock) {
        scenarios.useClock(clock);
        model.repeatable();
    }

    // ------------------------------------------------------------------ for tests

    InspectorViewModel model() {
        return model;
    }

    DaxSource source() {
        return model.source();
    }

    ObjectTreeView tree() {
        return tree;
    }

    void openSource(String what, java.util.concurrent.Callable<DaxSource> opener) {
        model.open(what, opener);
    }

    String selectedTabText() {
        return tabs.getSelectionModel().getSelectedItem().getText();
    }

    PageMapView pageMap() {
        return pageMap;
    }

    RegionMapView regionMap() {
        return regionMap;
    }

    ProcessesView processes() {
        return processes;
    }

    FaultLogView faultLog() {
        return faultLog;
    }

    StatsView stats() {
        return stats;
    }

    PropertiesPane properties() {
        return properties;
    }

    WhatIfPanel whatIf() {
        return whatIf;
    }

    DeviceActionsPanel actions() {
        return actions;
    }

    DamonHeatFeed heat() {
        return heat;
    }

    ProbePanel probePanel() {
        return probePanel;
    }

    SourceControls sourceControls() {
        return sources;
    }

    WorkloadControls workload() {
        return workload;
    }

    ScenarioDrawer scenarios() {
        return scenarios;
    }

    UiPreferences preferences() {
        return preferences;
    }

    ToggleButton liveToggle() {
        return live.toggle();
    }
}
