package dev.daxscope.ui;

import dev.daxscope.model.FaultEvent;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.ProcessInfo;
import dev.daxscope.model.MachineSnapshot.RangeInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
import dev.daxscope.model.MachineSnapshot.VmaInfo;
import dev.daxscope.model.Outcome;
import dev.daxscope.source.DaxSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.control.StatusBar;

/**
 * The inspector's main window: toolbar, object tree, the views, the property sheet and the
 * status bar. State is sampled from the {@link DaxSource} once per frame by an AnimationTimer;
 * nothing here blocks on workers and no worker touches these nodes.
 */
public final class MainWindow {
    /** The view names {@code daxscope screenshot --view} accepts. */
    public static final List<String> VIEWS = List.of("tree", "region-map", "page-map", "processes", "fault-log", "stats",
            "properties", "scenario-player");

    private DaxSource source;
    private final UiPreferences preferences;
    private final BorderPane root = new BorderPane();
    private final TreeView<Node> tree = new TreeView<>();
    private final TabPane tabs = new TabPane();
    private final PageMapView pageMap;
    private final RegionMapView regionMap = new RegionMapView();
    private final TreeView<String> processes = new TreeView<>();
    private final TableView<FaultEvent> faultLog = new TableView<>();
    private final ObservableList<FaultEvent> events = FXCollections.observableArrayList();
    private final XYChart.Series<Number, Number> faultRate = new XYChart.Series<>();
    private final PropertySheet properties = new PropertySheet();
    private final Label propertyTitle = new Label("Nothing selected");
    private final Label refusal = new Label();
    private final StatusBar status = new StatusBar();
    private final ToggleButton live = new ToggleButton("● Live");
    private final Label pausedBadge = new Label("PAUSED");
    private final Tab regionTab = new Tab("Region map");
    private final Tab pageTab = new Tab("Page map");
    private final Tab processTab = new Tab("Processes");
    private final Tab logTab = new Tab("Fault log");
    private final Tab statsTab = new Tab("Stats");
    private final Tab tiersTab = new Tab("Memory tiers");

    /** "  → node2 (memory_tier22)" for a system-ram device; the tier as the Memory tiers tab last read it. */
    private String systemRamNode(DeviceInfo d) {
        if (!d.systemRam() || d.targetNode() == null) {
            return "";
        }
        return "  → node" + d.targetNode() + tiersView.topology().tierOfNode(d.targetNode())
                .map(t -> " (memory_tier" + t.id() + ")").orElse("");
    }
    private final MemoryTiersView tiersView = new MemoryTiersView(() -> source);
    private MachineSnapshot snapshot;
    private long shownGeneration = -1;
    private long nextEvent;
    private long lastStatusNanos;
    private int ticks;
    private final AnimationTimer timer;

    /** A tree node: what it shows and what selecting it means. */
    record Node(String label, String kind, String key) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** A window whose preferences are not saved (tests, screenshots). */
    public MainWindow(DaxSource source) {
        this(source, UiPreferences.inMemory());
    }

    public MainWindow(DaxSource source, UiPreferences preferences) {
        this.source = source;
        this.preferences = preferences;
        if (preferences.dark()) {
            root.getStyleClass().add("dark");
        }
        this.pageMap = new PageMapView(source);
        this.refreshNanos = preferences.refreshMillis() * 1_000_000L;
        source.refreshEvery(java.time.Duration.ofMillis(preferences.refreshMillis()));
        this.sources = new SourceControls(sourceActions(), preferences.refreshMillis());
        root.getStyleClass().add("inspector");
        root.setTop(toolbar());
        root.setCenter(body());
        root.setBottom(new VBox(playerDrawer(), status));
        status.setText("");
        refresh(true);
        selectFirstDevice();
        root.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                installShortcuts(scene);
            }
        });
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                frame(now);
            }
        };
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

    /** Stops what the source runs (workloads) when the window goes away. */
    public void closeSource() {
        source.close();
    }

    private final SourceControls sources;
    private final Button exportButton = new Button("Export view…");
    private final javafx.scene.control.MenuItem openScenarioItem = new javafx.scene.control.MenuItem("Open .dax script…  (Ctrl+O)");
    /** How often structure, counters and events are sampled (the toolbar's refresh interval). */
    private long refreshNanos;

    private SourceControls.Actions sourceActions() {
        return new SourceControls.Actions() {
            @Override
            public void open(String what, java.util.concurrent.Callable<DaxSource> opener) {
                openSource(what, opener);
            }

            @Override
            public void chooseKernel(dev.daxscope.model.KernelProfile profile) {
                DaxSource shown = source;
                openSource("this machine under kernel " + profile.version(), () -> shown.underKernel(profile));
            }

            @Override
            public void refreshEvery(long millis) {
                setRefreshInterval(millis);
            }

            @Override
            public javafx.stage.Window window() {
                return root.getScene().getWindow();
            }
        };
    }

    /**
     * Opens another source off the FX thread and shows it when it is ready; a failure is shown
     * inline and the current source stays.
     */
    void openSource(String what, java.util.concurrent.Callable<DaxSource> opener) {
        status.setText("opening " + what + " …");
        Thread.ofVirtual().name("daxscope-open-source").start(() -> {
            try {
                DaxSource next = opener.call();
                javafx.application.Platform.runLater(() -> {
                    closeScenario();
                    switchSource(next);
                });
            } catch (Exception ex) {
                String why = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
                javafx.application.Platform.runLater(() -> {
                    showProblem("Cannot open " + what + ": " + why);
                    sources.show(source);
                });
            }
        });
    }

    void setRefreshInterval(long millis) {
        preferences.setRefreshMillis(millis);
        refreshNanos = millis * 1_000_000L;
        source.refreshEvery(java.time.Duration.ofMillis(millis));
        statsTitle.setText(statsTitleText());
    }

    private void showProblem(String text) {
        refusal.setText(text);
        refusal.setVisible(true);
        refusal.setManaged(true);
    }

    private void hideProblem() {
        refusal.setVisible(false);
        refusal.setManaged(false);
    }

    private ToolBar toolbar() {
        live.setSelected(true);
        live.getStyleClass().add("live-toggle");
        live.setTooltip(new Tooltip("Live updates (Space toggles)"));
        live.selectedProperty().addListener((o, a, b) -> {
            live.setText(b ? "● Live" : "❚❚ Paused");
            pausedBadge.setVisible(!b);
        });
        pausedBadge.getStyleClass().add("paused-badge");
        pausedBadge.setVisible(false);
        javafx.scene.control.MenuButton scenario = new javafx.scene.control.MenuButton("Scenario");
        javafx.scene.control.MenuItem openItem = openScenarioItem;
        openItem.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("daxscope scenarios", "*.dax"));
            java.io.File f = chooser.showOpenDialog(root.getScene().getWindow());
            if (f != null) {
                openScenario(f.toPath());
            }
        });
        javafx.scene.control.MenuItem tourItem = new javafx.scene.control.MenuItem("Play the tour");
        tourItem.setOnAction(e -> openTour());
        javafx.scene.control.MenuItem saveItem = new javafx.scene.control.MenuItem("Save machine as scenario…");
        saveItem.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setInitialFileName("machine.dax");
            java.io.File f = chooser.showSaveDialog(root.getScene().getWindow());
            if (f != null) {
                saveAsScenario(f.toPath());
            }
        });
        scenario.getItems().addAll(openItem, recentMenu, tourItem, saveItem);
        rebuildRecentMenu();
        scenario.setTooltip(new Tooltip("Play a .dax scenario step by step, with its narration"));
        Button export = exportButton;
        export.setTooltip(new Tooltip("Save the selected view as a PNG (Ctrl+E)"));
        export.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setInitialFileName(tabs.getSelectionModel().getSelectedItem().getText().toLowerCase().replace(' ', '-')
                    + ".png");
            java.io.File f = chooser.showSaveDialog(root.getScene().getWindow());
            if (f != null) {
                try {
                    exportView(f.toPath());
                } catch (java.io.IOException ex) {
                    showProblem("Export failed: " + ex.getMessage());
                }
            }
        });
        Button theme = new Button(preferences.dark() ? "Light" : "Dark");
        theme.setOnAction(e -> {
            boolean dark = root.getStyleClass().contains("dark");
            if (dark) {
                root.getStyleClass().remove("dark");
            } else {
                root.getStyleClass().add("dark");
            }
            theme.setText(dark ? "Dark" : "Light");
            preferences.setDark(!dark);
            regionMap.repaint();
            pageMap.redraw(true);
        });
        theme.setTooltip(new Tooltip("Switch between the light and dark theme"));
        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar bar = new ToolBar(sources.sourceMenu(), live, sources.kernelControl(), sources.interval(),
                workloadControls(), spacer, scenario, export, theme);
        showSourceControls();
        return bar;
    }

    private final javafx.scene.control.ComboBox<String> pattern = new javafx.scene.control.ComboBox<>();
    private final javafx.scene.control.Spinner<Integer> workers = new javafx.scene.control.Spinner<>(1, 64,
            Math.max(1, Math.min(64, Runtime.getRuntime().availableProcessors())));
    private final javafx.scene.control.ComboBox<String> rate = new javafx.scene.control.ComboBox<>();
    private final javafx.scene.control.Spinner<Integer> processCount = new javafx.scene.control.Spinner<>(1, 64, 2);
    private final Button workloadButton = new Button("▶ Start workload");

    /** Workload panel: pattern, workers, rate, start/stop, on the device shown in the page map. */
    private HBox workloadControls() {
        pattern.getItems().addAll("sequential", "uniform", "zipf", "strided", "forks", "unbind", "poison");
        pattern.setValue("zipf");
        pattern.setTooltip(new Tooltip("Access pattern of the workload's processes"));
        workers.setPrefWidth(70);
        pattern.setPrefWidth(110);
        rate.setPrefWidth(115);
        processCount.setPrefWidth(70);
        processCount.setTooltip(new Tooltip("Processes the workload spawns; each maps the device"));
        workers.setTooltip(new Tooltip("Fault worker threads"));
        rate.getItems().addAll("unlimited", "1,000/s", "100,000/s", "1,000,000/s");
        rate.setValue("100,000/s");
        rate.setTooltip(new Tooltip("Target accesses per second"));
        workloadButton.setTooltip(new Tooltip("Run the workload on the device shown in the page map"));
        workloadButton.setOnAction(e -> source.workloads().ifPresent(this::toggleWorkload));
        Label l = new Label("Workload");
        workloadBox.getChildren().setAll(new javafx.scene.control.Separator(Orientation.VERTICAL), l, pattern,
                new Label("workers"), workers, new Label("procs"), processCount, rate, workloadButton);
        workloadBox.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return workloadBox;
    }

    private final HBox workloadBox = new HBox(6);

    /** Shows the toolbar parts that fit the current source (workloads and kernel profiles are the simulator's). */
    private void showSourceControls() {
        sources.show(source);
        faultLogTitle.setText(faultLogTitleText());
        boolean canRun = source.workloads().isPresent();
        workloadBox.setVisible(canRun);
        workloadBox.setManaged(canRun);
        workloadButton.setText(source.workloads().map(DaxSource.Workloads::running).orElse(false) ? "■ Stop workload"
                : "▶ Start workload");
    }

    /** Starts or stops the workload; a refusal is shown inline, like a refused sysfs write. */
    void toggleWorkload(DaxSource.Workloads w) {
        if (w.running()) {
            w.stop();
            workloadButton.setText("▶ Start workload");
            return;
        }
        String r = switch (rate.getValue()) {
            case "1,000/s" -> "1000";
            case "100,000/s" -> "100000";
            case "1,000,000/s" -> "1000000";
            default -> "0";
        };
        String dev = pageMap.device() != null ? pageMap.device() : "dax0.0";
        try {
            w.start(pattern.getValue() + ",device=" + dev + ",procs=" + processCount.getValue() + ",rate=" + r,
                    workers.getValue());
            workloadButton.setText("■ Stop workload");
            hideProblem();
        } catch (IllegalArgumentException ex) {
            showProblem("Workload refused: " + ex.getMessage());
        }
    }

    private SplitPane body() {
        tree.setShowRoot(false);
        tree.setCellFactory(t -> new KindCell());
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> select(b == null ? null : b.getValue()));
        VBox left = new VBox(header("Objects"), tree);
        VBox.setVgrow(tree, Priority.ALWAYS);

        // Views other than the page map are built on first selection: fewer nodes to style
        // and lay out before the first frame.
        regionTab.setContent(regionMap);
        regionMap.setOnSelectDevice(name -> selectKey(tree.getRoot(), "device:" + name));
        pageTab.setContent(pageMap);
        lazyContent(processTab, this::processesView);
        lazyContent(logTab, this::faultLogView);
        lazyContent(statsTab, this::statsView);
        tiersTab.setContent(tiersView);
        tiersView.setOnSelectDevice(name -> selectKey(tree.getRoot(), "device:" + name));
        tiersTab.selectedProperty().addListener((o, was, selected) -> {
            if (selected) {
                tiersView.refresh();
            }
        });
        tabs.getTabs().addAll(regionTab, pageTab, processTab, logTab, statsTab, tiersTab);
        for (int i = 0; i < tabs.getTabs().size(); i++) {
            tabs.getTabs().get(i).setTooltip(new Tooltip("Ctrl+" + (i + 1)));
        }
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().select(pageTab);

        properties.setModeSwitcherVisible(false);
        properties.setSearchBoxVisible(false);
        propertyTitle.getStyleClass().add("view-title");
        refusal.getStyleClass().add("refusal");
        refusal.setWrapText(true);
        hideProblem();
        VBox right = new VBox(header("Properties (sysfs)"), propertyTitle, refusal, properties, whatIfPanel(), probePanel);
        right.setPadding(new Insets(0, 0, 0, 0));
        VBox.setVgrow(properties, Priority.ALWAYS);

        // The PAUSED badge sits over the views' top-right corner, where the frozen data is.
        javafx.scene.layout.StackPane centre = new javafx.scene.layout.StackPane(tabs, pausedBadge);
        javafx.scene.layout.StackPane.setAlignment(pausedBadge, javafx.geometry.Pos.TOP_RIGHT);
        javafx.scene.layout.StackPane.setMargin(pausedBadge, new Insets(6, 10, 0, 0));
        pausedBadge.setMouseTransparent(true);
        SplitPane split = new SplitPane(left, centre, right);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.2, 0.76);
        return split;
    }

    private static void lazyContent(Tab tab, java.util.function.Supplier<javafx.scene.Node> content) {
        tab.selectedProperty().addListener((o, was, now) -> {
            if (now && tab.getContent() == null) {
                tab.setContent(content.get());
            }
        });
    }

    private static Label viewTitle(String text) {
        Label title = new Label(text);
        title.getStyleClass().add("view-title");
        title.setPadding(new Insets(8, 12, 8, 12));
        return title;
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("pane-header");
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    private VBox processesView() {
        processes.setShowRoot(false);
        processes.setTooltip(new Tooltip("Select a process or a mapping to light up its pages in the page map"));
        processes.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!rebuildingProcesses) {
                selectedMappings = b == null ? null : mappingsOf.get(b);
                highlightSelectedMappings(true);
            }
        });
        Label title = viewTitle("Processes → device-DAX mappings → entries per level");
        VBox box = new VBox(title, processes);
        VBox.setVgrow(processes, Priority.ALWAYS);
        return box;
    }

    private final javafx.collections.transformation.FilteredList<FaultEvent> shownEvents =
            new javafx.collections.transformation.FilteredList<>(events);
    private final javafx.scene.control.TextField logFilter = new javafx.scene.control.TextField();

    private VBox faultLogView() {
        faultLog.setItems(shownEvents);
        logFilter.setPromptText("Filter: pid, device, level or result (e.g. dax0.1, PMD, SIGBUS)");
        logFilter.setTooltip(new Tooltip("Shows the events whose pid, device, level, kind or result contains this text (Ctrl+F)"));
        logFilter.textProperty().addListener((o, a, b) -> shownEvents.setPredicate(e -> matches(e, b)));
        Button csv = new Button("Export CSV…");
        Button json = new Button("Export JSON…");
        csv.setOnAction(e -> chooseAndExport("csv"));
        json.setOnAction(e -> chooseAndExport("json"));
        logPaused.setTooltip(new Tooltip("Hold the log still to read it; the other views stay live"));
        logPaused.selectedProperty().addListener((o, was, paused) -> logPauseChanged(paused));
        HBox tools = new HBox(8, logFilter, logPaused, csv, json);
        HBox.setHgrow(logFilter, Priority.ALWAYS);
        tools.setPadding(new Insets(0, 12, 8, 12));
        faultLog.getColumns().add(column("#", e -> Long.toString(e.seq())));
        faultLog.getColumns().add(column("kind", e -> e.kind().name()));
        faultLog.getColumns().add(column("pid", e -> Integer.toString(e.pid())));
        faultLog.getColumns().add(column("address", e -> Format.hex(e.address())));
        faultLog.getColumns().add(column("device", FaultEvent::device));
        faultLog.getColumns().add(column("pgoff", e -> Format.hex(e.pgoff())));
        faultLog.getColumns().add(column("folio", e -> e.folio() < 0 ? "-" : Long.toString(e.folio())));
        faultLog.getColumns().add(column("level", FaultEvent::level));
        faultLog.getColumns().add(column("result", FaultEvent::result));
        faultLog.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        for (int i : new int[] {0, 2, 3, 5, 6}) {
            faultLog.getColumns().get(i).setStyle("-fx-alignment: CENTER-RIGHT; -fx-font-family: monospace;");
        }
        faultLogTitle.setText(faultLogTitleText());
        VBox box = new VBox(faultLogTitle, tools, faultLog);
        VBox.setVgrow(faultLog, Priority.ALWAYS);
        return box;
    }

    private final Label faultLogTitle = viewTitle("");

    /** A real machine's events are inferred from polls, and the title says so. */
    private String faultLogTitleText() {
        return source.simulated() ? "Fault log — newest last (bounded; older events are dropped)"
                : "Fault log — inferred between polls from pagemap (per page) or smaps Rss (user space sees no faults)";
    }

    private static boolean matches(FaultEvent e, String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String f = filter.strip();
        return Integer.toString(e.pid()).equals(f) || e.device().contains(f) || e.level().equalsIgnoreCase(f)
                || e.result().contains(f) || e.kind().name().equalsIgnoreCase(f);
    }

    private void chooseAndExport(String format) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setInitialFileName("fault-log." + format);
        java.io.File f = chooser.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            exportFaultLog(f.toPath(), format);
        }
    }

    /** Writes the events shown now (after the filter) as CSV or JSON; a failure is shown inline. */
    public void exportFaultLog(java.nio.file.Path file, String format) {
        List<FaultEvent> rows = List.copyOf(shownEvents);
        try {
            java.nio.file.Files.writeString(file, format.equals("json") ? dev.daxscope.source.EventExport.json(rows)
                    : dev.daxscope.source.EventExport.csv(rows));
            status.setText("exported " + rows.size() + " events to " + file);
        } catch (java.io.IOException ex) {
            showProblem("Export failed: " + ex.getMessage());
        }
    }

    /**
     * The keyboard shortcuts (README lists them): Space live/paused; Ctrl+1..5 the views; Ctrl+F
     * the fault-log filter; Ctrl+E export the view; Ctrl+O open a scenario; Alt+→/← step a scenario.
     */
    private void installShortcuts(javafx.scene.Scene scene) {
        var keys = scene.getAccelerators();
        // Space is a filter, not an accelerator: lists and trees consume it; text fields, buttons and boxes keep it.
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            javafx.scene.Node focus = scene.getFocusOwner();
            if (e.getCode() == KeyCode.SPACE && !e.isShortcutDown() && !(focus instanceof javafx.scene.control.TextInputControl
                    || focus instanceof javafx.scene.control.ButtonBase || focus instanceof javafx.scene.control.ComboBoxBase
                    || focus instanceof javafx.scene.control.Spinner)) {
                toggleLive();
                e.consume();
            }
        });
        keys.put(new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.ALT_DOWN), this::stepScenario);
        keys.put(new KeyCodeCombination(KeyCode.LEFT, KeyCombination.ALT_DOWN), this::backScenario);
        List<Tab> order = List.of(regionTab, pageTab, processTab, logTab, statsTab);
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5};
        for (int i = 0; i < order.size(); i++) {
            Tab tab = order.get(i);
            keys.put(new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN), () -> tabs.getSelectionModel().select(tab));
        }
        keys.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            tabs.getSelectionModel().select(logTab);
            logFilter.requestFocus();
        });
        keys.put(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), exportButton::fire);
        keys.put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), openScenarioItem::fire);
    }

    /** Sets the fault-log filter (the Ctrl+F field). */
    void filterFaultLog(String text) {
        logFilter.setText(text);
    }

    /** Writes a PNG of the selected view (the Export button and tests). */
    public void exportView(java.nio.file.Path file) throws java.io.IOException {
        javafx.scene.Node view = tabs.getSelectionModel().getSelectedItem().getContent();
        javafx.scene.image.WritableImage img = view.snapshot(null, null);
        javax.imageio.ImageIO.write(ScreenshotCommand.toBuffered(img), "png", file.toFile());
    }

    /** Writes the current simulated machine as a .dax script; refused inline for real machines. */
    public void saveAsScenario(java.nio.file.Path file) {
        Optional<String> text = source.scenarioText();
        try {
            if (text.isEmpty()) {
                throw new java.io.IOException(source.name() + " is a real machine; capture it with 'daxscope capture' instead");
            }
            java.nio.file.Files.writeString(file, text.get());
            status.setText("saved the machine as " + file);
        } catch (java.io.IOException ex) {
            showProblem("Save failed: " + ex.getMessage());
        }
    }

    /** Space: live / paused. */
    public void toggleLive() {
        live.setSelected(!live.isSelected());
    }

    private static TableColumn<FaultEvent, String> column(String name, java.util.function.Function<FaultEvent, String> f) {
        TableColumn<FaultEvent, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }

    private VBox statsView() {
        statsTitle.setText(statsTitleText());
        VBox box = new VBox(statsTitle, chart("faults/s", faultRate), chart("mapped folios", mappedSeries),
                chart("signals (total)", signalSeries));
        box.getChildren().stream().skip(1).forEach(c -> VBox.setVgrow(c, Priority.ALWAYS));
        return box;
    }

    private final Label statsTitle = viewTitle("");

    private String statsTitleText() {
        long ms = refreshNanos / 1_000_000L;
        return "Stats — the last " + Format.duration(ms * HISTORY) + ", one sample every " + Format.duration(ms);
    }

    private static final int HISTORY = 480;

    private final XYChart.Series<Number, Number> mappedSeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> signalSeries = new XYChart.Series<>();
    private long droppedEvents;

    private static LineChart<Number, Number> chart(String yLabel, XYChart.Series<Number, Number> series) {
        NumberAxis x = new NumberAxis();
        x.setForceZeroInRange(false);
        x.setTickLabelsVisible(false);
        NumberAxis y = new NumberAxis();
        y.setLabel(yLabel);
        y.setMinorTickVisible(false);
        // Every series counts things: whole numbers, grouped ("0", not "0.00").
        y.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                return Format.count(Math.round(n.doubleValue()));
            }

            @Override
            public Number fromString(String text) {
                return null;
            }
        });
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setCreateSymbols(false);
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.getData().add(series);
        return chart;
    }

    private static void append(XYChart.Series<Number, Number> series, double t, double v) {
        series.getData().add(new XYChart.Data<>(t, v));
        if (series.getData().size() > HISTORY) {
            series.getData().remove(0);
        }
    }

    // ------------------------------------------------------------------ sampling

    void frame(long now) {
        if (!live.isSelected()) {
            return;
        }
        refresh(false);
        pageMap.redraw(false);
        if (now - lastStatusNanos > refreshNanos) {
            lastStatusNanos = now;
            updateStatus();
            pollEvents();
            if (tiersTab.isSelected()) {
                tiersView.refresh();
            }
        }
    }

    /** Structure changes are sampled at most this often; a running workload changes it every round. */
    private long structureRefreshedAt;

    private void refresh(boolean force) {
        long gen = source.generation();
        long now = System.nanoTime();
        if (!force && (gen == shownGeneration || now - structureRefreshedAt < refreshNanos)) {
            return;
        }
        structureRefreshedAt = now;
        shownGeneration = gen;
        snapshot = source.snapshot();
        rebuildTree();
        rebuildProcesses();
        regionMap.show(snapshot);
        updateStatus();
        pollEvents();
    }

    private void updateStatus() {
        DaxSource.Stats s = source.stats();
        Runtime rt = Runtime.getRuntime();
        String heap = repeatable ? "" : "  ·  heap " + Format.size(rt.totalMemory() - rt.freeMemory());
        if (source.simulated()) {
            status.setText(String.format("%s  ·  %,.0f faults/s  ·  %s mapped folios  ·  %s signals  ·  %s events dropped"
                    + "  ·  model %s%s", source.name(), s.faultsPerSecond(), Format.count(s.mappedFolios()),
                    Format.count(s.signals()), Format.count(droppedEvents), Format.size(s.modelHeapBytes()), heap));
        } else {
            // A real machine has no fault counters user space can read; say what was seen instead.
            long mappings = snapshot.processes().stream().mapToLong(p -> p.vmas().size()).sum();
            status.setText(String.format("%s  ·  %s processes map /dev/dax (%s mappings)  ·  %s events inferred  ·  %s "
                    + "events dropped  ·  %s warnings%s", source.name(), Format.count(snapshot.processes().size()),
                    Format.count(mappings), Format.count(events.size()), Format.count(droppedEvents),
                    Format.count(snapshot.warnings().size()), heap));
        }
        ticks++;
        append(faultRate, ticks, s.faultsPerSecond());
        append(mappedSeries, ticks, s.mappedFolios());
        append(signalSeries, ticks, s.signals());
    }

    private void pollEvents() {
        DaxSource.EventBatch b = source.events(nextEvent, 2000);
        // Events from before the window opened are history, not drops.
        droppedEvents += nextEvent == 0 ? 0 : b.dropped();
        nextEvent = b.nextSeq();
        if (b.events().isEmpty()) {
            return;
        }
        if (logPaused.isSelected()) {
            // The log holds still to be read; what arrives meanwhile waits (the newest LOG_ROWS of it).
            waiting.addAll(b.events());
            if (waiting.size() > LOG_ROWS) {
                waiting.subList(0, waiting.size() - LOG_ROWS).clear();
            }
            logPaused.setText("Resume log (" + Format.count(waiting.size()) + " new)");
            return;
        }
        showEvents(b.events());
    }

    private static final int LOG_ROWS = 5000;
    private final ToggleButton logPaused = new ToggleButton("Pause log");
    private final List<FaultEvent> waiting = new ArrayList<>();

    private void showEvents(List<FaultEvent> batch) {
        events.addAll(batch);
        if (events.size() > LOG_ROWS) {
            events.remove(0, events.size() - LOG_ROWS);
        }
        faultLog.scrollTo(events.size() - 1);
    }

    /** Pauses or resumes the fault log alone (the other views stay live); on resume the waiting events are shown. */
    void pauseLog(boolean paused) {
        logPaused.setSelected(paused);
    }

    private void logPauseChanged(boolean paused) {
        if (!paused) {
            logPaused.setText("Pause log");
            if (!waiting.isEmpty()) {
                showEvents(List.copyOf(waiting));
                waiting.clear();
            }
        }
    }

    private void rebuildTree() {
        String selectedKey = Optional.ofNullable(tree.getSelectionModel().getSelectedItem()).map(t -> t.getValue().key())
                .orElse(null);
        TreeItem<Node> top = new TreeItem<>(new Node("machine", "machine", ""));
        for (String kind : List.of("cxl", "hmem", "pmem", "dynamic")) {
            List<RegionInfo> regions = snapshot.regions().stream().filter(r -> r.kind().equals(kind)).toList();
            List<MachineSnapshot.CxlRegionInfo> cxlOnly = kind.equals("cxl") ? snapshot.cxlRegions().stream()
                    .filter(c -> c.daxRegion() == null).toList() : List.of();
            if (regions.isEmpty() && cxlOnly.isEmpty()) {
                continue;
            }
            TreeItem<Node> provider = new TreeItem<>(new Node(kind.toUpperCase() + " provider", "provider", "provider:" + kind));
            provider.setExpanded(true);
            for (RegionInfo r : regions) {
                String cxl = snapshot.cxlRegions().stream().filter(c -> Integer.valueOf(r.id()).equals(c.daxRegion()))
                        .findFirst().map(c -> "  ← cxl " + c.name()).orElse("");
                TreeItem<Node> reg = new TreeItem<>(new Node("region " + r.id() + "  " + Format.size(r.size()) + cxl, "region",
                        "region:" + r.id()));
                reg.setExpanded(true);
                for (DeviceInfo d : r.devices()) {
                    String badge = d.bound() ? d.driver() : "unbound";
                    boolean seed = d.name().equals(r.seed());
                    TreeItem<Node> dev = new TreeItem<>(new Node(d.name() + "  " + Format.size(d.size()) + "  [" + badge + "]"
                            + (seed ? " seed" : "") + (d.poisoned().isEmpty() ? "" : " poisoned") + systemRamNode(d), "device",
                            "device:" + d.name()));
                    for (RangeInfo m : d.ranges()) {
                        dev.getChildren().add(new TreeItem<>(new Node("mapping" + m.mappingId() + "  " + Format.hex(m.start())
                                + "  " + Format.size(m.size()), "mapping", "mapping:" + d.name() + ":" + m.mappingId())));
                    }
                    reg.getChildren().add(dev);
                }
                provider.getChildren().add(reg);
            }
            for (MachineSnapshot.CxlRegionInfo c : cxlOnly) {
                provider.getChildren().add(new TreeItem<>(new Node(cxlLabel(c) + "  · no dax region", "cxl-region",
                        "cxl:" + c.name())));
            }
            top.getChildren().add(provider);
        }
        TreeItem<Node> nodes = new TreeItem<>(new Node("NUMA nodes (" + snapshot.memory().nodes().size() + ")", "nodes",
                "nodes"));
        for (MachineSnapshot.NodeInfo n : snapshot.memory().nodes()) {
            List<String> targets = snapshot.devices().stream().filter(d -> d.targetNode() != null && d.targetNode() == n.id())
                    .map(DeviceInfo::name).toList();
            nodes.getChildren().add(new TreeItem<>(new Node("node" + n.id() + "  " + (n.memTotal() < 0 ? "? B"
                    : Format.size(n.memTotal())) + (n.hasCpu() ? "  cpu" : "  mem only")
                    + (targets.isEmpty() ? "" : "  ← " + String.join(", ", targets)), "node", "node:" + n.id())));
        }
        nodes.setExpanded(true);
        top.getChildren().add(nodes);
        TreeItem<Node> memory = new TreeItem<>(new Node("Memory blocks (" + snapshot.memory().blocks().size() + " × "
                + Format.size(snapshot.memory().blockSize()) + ")", "memory", "memory"));
        snapshot.memory().blocks().stream().filter(b -> b.owner() != null).forEach(b -> memory.getChildren().add(
                new TreeItem<>(new Node("memory" + b.index() + "  node" + b.node() + "  " + (b.online() ? "online "
                        + b.zone() : "offline") + "  (" + b.owner() + ")", "block", "block:" + b.index()))));
        top.getChildren().add(memory);
        if (!snapshot.iomem().isEmpty()) {
            boolean hidden = dev.daxscope.model.IomemRange.addressesHidden(snapshot.iomem());
            TreeItem<Node> iomem = new TreeItem<>(new Node("/proc/iomem" + (hidden ? "  (addresses need root)" : ""), "iomem",
                    "iomem"));
            int i = 0;
            for (dev.daxscope.model.IomemRange r : snapshot.iomem()) {
                iomem.getChildren().add(new TreeItem<>(new Node("  ".repeat(r.depth()) + (hidden ? "" : Format.hex(r.start())
                        + "–" + Format.hex(r.end()) + "  ") + r.name(), "iomem-range", "iomem:" + i++)));
            }
            top.getChildren().add(iomem);
        }
        if (!snapshot.warnings().isEmpty()) {
            // What could not be read (needs root, garbled, missing) is said here, per object, not thrown.
            TreeItem<Node> warnings = new TreeItem<>(new Node("Could not read (" + snapshot.warnings().size() + ")",
                    "warnings", "warnings"));
            int i = 0;
            for (String w : snapshot.warnings()) {
                warnings.getChildren().add(new TreeItem<>(new Node(w, "warning", "warning:" + i++)));
            }
            top.getChildren().add(warnings);
        }
        List<Node> shape = new ArrayList<>();
        flatten(top, shape);
        if (shape.equals(shownTreeShape)) {
            // Same rows: keep the tree and its selection (rebuilding them costs ~20 ms); refresh the
            // property sheet only when what it shows of the selected object changed.
            TreeItem<Node> selected = tree.getSelectionModel().getSelectedItem();
            Object state = selected == null ? null : shownState(selected.getValue());
            if (selected != null && !java.util.Objects.equals(state, selectedState)) {
                select(selected.getValue());
            }
            return;
        }
        shownTreeShape = shape;
        tree.setRoot(top);
        if (selectedKey != null) {
            selectKey(top, selectedKey);
        }
    }

    /** A CXL region's attributes, as /sys/bus/cxl/devices/NAME shows them. */
    private void addCxlItems(String name, List<PropertySheet.Item> items) {
        String base = "/sys/bus/cxl/devices/" + name + "/";
        for (String attr : List.of("mode", "size", "resource", "interleave_ways", "interleave_granularity", "commit",
                "target0")) {
            // "cxl size" beside the dax_region's own "size".
            items.add(new SysfsItem("CXL " + name, base + attr, "cxl " + attr, false));
        }
    }

    /** "cxl region0 ram 2-way committed": what /sys/bus/cxl says of the region behind a dax region. */
    private static String cxlLabel(MachineSnapshot.CxlRegionInfo c) {
        return "cxl " + c.name() + " " + c.mode() + (c.interleaveWays() > 0 ? " " + c.interleaveWays() + "-way" : "")
                + (c.committed() ? "" : " uncommitted");
    }

    /** A tree row: an icon for the object's kind (coloured like the object where it has a colour), then its label. */
    private final class KindCell extends javafx.scene.control.TreeCell<Node> {
        private final Label icon = new Label();

        KindCell() {
            icon.getStyleClass().add("kind-icon");
            icon.setMinWidth(18);
            icon.setAlignment(javafx.geometry.Pos.CENTER);
        }

        @Override
        protected void updateItem(Node n, boolean empty) {
            super.updateItem(n, empty);
            if (empty || n == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(n.label());
            icon.getStyleClass().setAll("kind-icon", "kind-" + n.kind());
            icon.setText(switch (n.kind()) {
                case "provider" -> "▤";
                case "region", "cxl-region" -> "▭";
                case "device" -> "◆";
                case "mapping" -> "↦";
                case "nodes", "node" -> "⬢";
                case "memory", "block" -> "▦";
                case "iomem", "iomem-range" -> "≡";
                case "warnings", "warning" -> "⚠";
                default -> "•";
            });
            String dev = n.kind().equals("device") ? n.key().substring("device:".length()) : null;
            Color c = dev == null ? null : Palette.device(dev);
            icon.setStyle(c == null ? "" : String.format(java.util.Locale.ROOT, "-fx-text-fill: rgb(%d,%d,%d);",
                    (int) (c.getRed() * 255), (int) (c.getGreen() * 255), (int) (c.getBlue() * 255)));
            setGraphic(icon);
        }
    }

    private List<Node> shownTreeShape = List.of();
    private Object selectedState;

    /** What the property sheet shows of {@code n}, without the counters a workload moves every frame. */
    private Object shownState(Node n) {
        String name = n.key().substring(n.key().indexOf(':') + 1);
        return switch (n.kind()) {
            case "device" -> snapshot.device(name).map(d -> List.of(d.size(), d.align(), String.valueOf(d.driver()),
                    d.ranges(), String.valueOf(d.targetNode()), d.numaNode(), d.memmapOnMemory(), d.onlineBlocks(),
                    d.alive())).orElse(null);
            case "region" -> snapshot.regions().stream().filter(r -> String.valueOf(r.id()).equals(name)).findFirst()
                    .map(r -> List.of(r.size(), r.align(), String.valueOf(r.availableSize()), String.valueOf(r.seed())))
                    .orElse(null);
            default -> n;
        };
    }

    private static void flatten(TreeItem<Node> item, List<Node> out) {
        out.add(item.getValue());
        item.getChildren().forEach(c -> flatten(c, out));
    }

    private boolean selectKey(TreeItem<Node> item, String key) {
        if (item.getValue().key().equals(key)) {
            tree.getSelectionModel().select(item);
            return true;
        }
        for (TreeItem<Node> c : item.getChildren()) {
            if (selectKey(c, key)) {
                return true;
            }
        }
        return false;
    }

    private void selectFirstDevice() {
        for (RegionInfo r : snapshot.regions()) {
            for (DeviceInfo d : r.devices()) {
                if ("device_dax".equals(d.driver())) {
                    selectKey(tree.getRoot(), "device:" + d.name());
                    return;
                }
            }
        }
    }

    /** What each row of the process tree stands for: a process's mappings, or one mapping. */
    private final Map<TreeItem<String>, SelectedMappings> mappingsOf = new HashMap<>();
    private SelectedMappings selectedMappings;
    private boolean rebuildingProcesses;

    /** A selection in the process tree, kept across rebuilds by its key (pid, or pid and start). */
    private record SelectedMappings(String key, String label, List<VmaInfo> vmas) {
    }

    /** One row of the process tree as the snapshot gives it: its key, its text and what selecting it means. */
    private record ProcessRow(String key, String parentKey, String label, SelectedMappings mappings, ProcessInfo process,
                              VmaInfo vma) {
    }

    /** The keys of the rows shown; while they stay the same, rows are updated in place (expansion and selection stay). */
    private List<String> shownProcessKeys = List.of();
    private final Map<String, TreeItem<String>> processItems = new HashMap<>();
    /** Entries listed under an expanded mapping. */
    private static final int ENTRIES_SHOWN = 16;

    private List<ProcessRow> processRows() {
        List<ProcessRow> rows = new ArrayList<>();
        for (ProcessInfo p : snapshot.processes()) {
            String pk = String.valueOf(p.pid());
            rows.add(new ProcessRow(pk, null, p.name() + " (pid " + p.pid() + ")" + (p.alive() ? "" : " exited")
                    + "  ·  RssFile " + Format.size(p.rssFile()), new SelectedMappings(pk, p.name() + " (pid " + p.pid() + ")",
                    p.vmas()), p, null));
            for (VmaInfo v : p.vmas()) {
                String vk = p.pid() + "@" + v.start();
                rows.add(new ProcessRow(vk, pk, Format.hex(v.start()) + "–" + Format.hex(v.end()) + "  " + v.device()
                        + "  pgoff " + Format.hex(v.pgoff()) + "  " + (v.writable() ? "rw" : "ro")
                        + (v.noHugepage() ? " nohugepage" : "") + (source.simulated() ? "  ·  " + v.ptes() + " PTE, "
                        + v.pmds() + " PMD, " + v.puds() + " PUD" : "") + smapsView(v), new SelectedMappings(vk, p.name() + " at " + Format.hex(v.start()),
                        List.of(v)), p, v));
            }
        }
        return rows;
    }

    private void rebuildProcesses() {
        List<ProcessRow> rows = processRows();
        List<String> keys = rows.stream().map(ProcessRow::key).toList();
        rebuildingProcesses = true;
        if (keys.equals(shownProcessKeys)) {
            for (ProcessRow r : rows) {
                TreeItem<String> item = processItems.get(r.key());
                if (!item.getValue().equals(r.label())) {
                    item.setValue(r.label());
                }
                mappingsOf.put(item, r.mappings());
                if (r.vma() != null && item.isExpanded()) {
                    listEntries(item, r);
                }
            }
        } else {
            java.util.Set<String> expanded = new java.util.HashSet<>();
            processItems.forEach((k, item) -> {
                if (item.isExpanded() && k.contains("@")) {
                    expanded.add(k);
                }
            });
            TreeItem<String> top = new TreeItem<>("processes");
            mappingsOf.clear();
            processItems.clear();
            for (ProcessRow r : rows) {
                TreeItem<String> item = new TreeItem<>(r.label());
                processItems.put(r.key(), item);
                mappingsOf.put(item, r.mappings());
                if (r.vma() == null) {
                    item.setExpanded(true);
                    top.getChildren().add(item);
                } else {
                    processItems.get(r.parentKey()).getChildren().add(item);
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
            shownProcessKeys = keys;
            processes.setRoot(top);
        }
        TreeItem<String> reselect = selectedMappings == null ? null : processItems.get(selectedMappings.key());
        if (reselect != null && processes.getSelectionModel().getSelectedItem() != reselect) {
            processes.getSelectionModel().select(reselect);
        }
        rebuildingProcesses = false;
        selectedMappings = reselect == null ? null : mappingsOf.get(reselect);
        highlightSelectedMappings(false);
    }

    /** A mapping's first present entries as its children, or why there are none to show. */
    private void listEntries(TreeItem<String> item, ProcessRow r) {
        List<MachineSnapshot.EntryInfo> entries = source.entries(r.process().pid(), r.vma().start(), ENTRIES_SHOWN);
        List<String> lines = new ArrayList<>();
        for (MachineSnapshot.EntryInfo e : entries) {
            lines.add(Format.hex(e.address()) + "  " + e.level() + "  → pgoff " + Format.hex(e.pgoff()) + "  folio "
                    + Format.count(e.folio()) + "  " + (e.writable() ? "rw" : "ro") + (e.dirty() ? " dirty" : ""));
        }
        long present = r.vma().ptes() + r.vma().pmds() + r.vma().puds();
        if (entries.isEmpty()) {
            lines.add(source.simulated() ? "no entries yet: nothing faulted in this mapping"
                    : "no present pages seen in /proc/" + r.process().pid() + "/pagemap (another user's process needs root)");
        } else if (present > entries.size()) {
            lines.add("… " + Format.count(present - entries.size()) + " more entries");
        }
        List<String> shown = item.getChildren().stream().map(TreeItem::getValue).toList();
        if (!shown.equals(lines)) {
            item.getChildren().setAll(lines.stream().map(TreeItem::new).toList());
        }
    }

    /**
     * Lights up in the page map the device pages the selected process or mapping covers. On a new
     * selection ({@code followDevice}) the page map first switches to their device if it shows
     * another; a periodic rebuild never overrides the device the user picked.
     */
    private void highlightSelectedMappings(boolean followDevice) {
        if (selectedMappings == null || selectedMappings.vmas().isEmpty()) {
            pageMap.highlight(List.of(), "");
            return;
        }
        List<VmaInfo> vmas = selectedMappings.vmas();
        if (followDevice && vmas.stream().noneMatch(v -> v.device().equals(pageMap.device()))) {
            pageMap.showDevice(vmas.getFirst().device());
        }
        List<long[]> ranges = vmas.stream().filter(v -> v.device().equals(pageMap.device()))
                .map(v -> new long[] {v.deviceStart(), v.deviceEnd()}).toList();
        pageMap.highlight(ranges, selectedMappings.label());
    }

    /** smaps Rss as a real machine showed it, or what smaps and pagemap would show for a simulated mapping. */
    private String smapsView(VmaInfo v) {
        if (v.observedSmapsRss() >= 0) {
            return "  ·  smaps Rss " + Format.size(v.observedSmapsRss());
        }
        if (!"simulated".equals(snapshot.source()) || v.ptes() + v.pmds() + v.puds() == 0) {
            return "";
        }
        return "  ·  smaps Rss " + Format.size(v.smapsRss(snapshot.kernel())) + ", pagemap file bit "
                + (v.pagemapFileBit(snapshot.kernel()) ? 1 : 0);
    }

    // ------------------------------------------------------------------ scenario player

    private dev.daxscope.source.ScenarioPlayer player;
    private final Label playerTitle = new Label("No scenario");
    private final Label narration = new Label();
    private final Label lastStep = new Label();
    private final Button stepButton = new Button("Step ▶");
    private final Button playButton = new Button("Play to next ▶▶");
    private final Button backButton = new Button("◀ Back");
    private final VBox drawer = new VBox();

    /** The narration drawer: shown while a scenario is open. */
    private VBox playerDrawer() {
        playerTitle.getStyleClass().add("view-title");
        narration.getStyleClass().add("narration");
        narration.setWrapText(true);
        lastStep.getStyleClass().add("legend");
        lastStep.setWrapText(true);
        stepButton.setOnAction(e -> stepScenario());
        playButton.setOnAction(e -> playScenario());
        backButton.setOnAction(e -> backScenario());
        stepButton.setTooltip(new Tooltip("Run the next statement (Right arrow)"));
        playButton.setTooltip(new Tooltip("Run up to the next say or pause"));
        backButton.setTooltip(new Tooltip("One statement back (replays the script from the start)"));
        Button close = new Button("Close");
        close.setOnAction(e -> closeScenario());
        HBox controls = new HBox(8, playerTitle, backButton, stepButton, playButton, close);
        controls.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        drawer.getChildren().addAll(controls, narration, lastStep);
        drawer.setSpacing(4);
        drawer.setPadding(new Insets(8, 12, 8, 12));
        drawer.getStyleClass().add("player-drawer");
        drawer.setVisible(false);
        drawer.setManaged(false);
        return drawer;
    }

    /** Opens a scenario: the views show the machine it builds, step by step. */
    public void openScenario(java.nio.file.Path file) {
        try {
            play(dev.daxscope.source.ScenarioPlayer.open(file), file.getFileName().toString());
            preferences.addRecentScenario(file);
            rebuildRecentMenu();
        } catch (dev.daxscope.source.ScenarioPlayer.OpenFailure ex) {
            showProblem("Cannot play " + file + ": " + ex.getMessage());
        }
    }

    private final javafx.scene.control.Menu recentMenu = new javafx.scene.control.Menu("Recent");

    /** The last scenarios opened, most recent first; one that has gone away says so when chosen. */
    private void rebuildRecentMenu() {
        recentMenu.getItems().clear();
        for (java.nio.file.Path p : preferences.recentScenarios()) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(p.getFileName() + "  —  " + p.getParent());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> openScenario(p));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    /** Opens the built-in tour. */
    public void openTour() {
        play(dev.daxscope.source.ScenarioPlayer.tour(tourClock), "the tour");
    }

    private void play(dev.daxscope.source.ScenarioPlayer p, String name) {
        player = p;
        switchSource(player.source());
        drawer.setVisible(true);
        drawer.setManaged(true);
        narration.setText("Press Step or Play to run " + name + ".");
        lastStep.setText("");
        updatePlayer();
    }

    public void stepScenario() {
        if (player != null && player.hasNext()) {
            show(player.step());
        }
    }

    public void playScenario() {
        if (player != null && player.hasNext()) {
            show(player.playToNextStop());
        }
    }

    public void backScenario() {
        if (player != null) {
            var s = player.back();
            switchSource(player.source());
            if (s != null) {
                show(s);
            } else {
                narration.setText("At the start of " + player.file() + ".");
                lastStep.setText("");
                updatePlayer();
            }
        }
    }

    private void closeScenario() {
        player = null;
        drawer.setVisible(false);
        drawer.setManaged(false);
    }

    private void show(dev.daxscope.source.ScenarioPlayer.Step s) {
        narration.setText(s.narration().isEmpty() ? " " : s.narration());
        String verdict = s.pass() == null ? "" : s.pass() ? "  ✓" : "  ✗ FAIL";
        boolean narrationOnly = s.statement().startsWith("say") || s.pause();
        lastStep.setText(narrationOnly ? s.where() : s.where() + "   " + s.statement() + "   → " + s.result() + verdict
                + (s.detail().isEmpty() ? "" : "   (" + s.detail() + ")"));
        updatePlayer();
        refresh(true);
        if (pageMap.device() == null) {
            selectFirstDevice();
        }
        pageMap.redraw(true);
    }

    private void updatePlayer() {
        playerTitle.setText(player.file() + "  ·  step " + player.position() + " / " + player.total());
        stepButton.setDisable(!player.hasNext());
        playButton.setDisable(!player.hasNext());
    }

    /** Points every view at another source and closes the one shown before (its workloads stop). */
    private void switchSource(DaxSource next) {
        DaxSource previous = source;
        this.source = next;
        if (previous != next) {
            previous.close();
        }
        next.refreshEvery(java.time.Duration.ofNanos(refreshNanos));
        showSourceControls();
        pageMap.setSource(next);
        events.clear();
        nextEvent = 0;
        shownGeneration = -1;
        refresh(true);
        selectFirstDevice();
    }

    String narrationText() {
        return narration.getText();
    }

    String lastStepText() {
        return lastStep.getText();
    }

    // ------------------------------------------------------------------ selection and properties

    private void select(Node n) {
        hideProblem();
        selectedState = n == null ? null : shownState(n);
        if (n == null) {
            properties.getItems().clear();
            propertyTitle.setText("Nothing selected");
            showWhatIf(null);
            return;
        }
        showWhatIf(n.kind().equals("device") ? n.key().substring("device:".length()) : null);
        propertyTitle.setText(n.label());
        List<PropertySheet.Item> items = new ArrayList<>();
        switch (n.kind()) {
            case "device" -> {
                String dev = n.key().substring("device:".length());
                pageMap.showDevice(dev);
                regionMap.setSelectedDevice(dev);
                String base = "/sys/bus/dax/devices/" + dev + "/";
                for (String attr : List.of("size", "align", "target_node", "numa_node", "resource", "memmap_on_memory",
                        "modalias", "dev")) {
                    items.add(new SysfsItem(dev, base + attr, attr,
                            source.writable() && (attr.equals("size") || attr.equals("align"))));
                }
            }
            case "region" -> {
                int id = Integer.parseInt(n.key().substring("region:".length()));
                snapshot.regions().stream().filter(r -> r.id() == id).findFirst().ifPresent(r -> {
                    String base = "/sys/devices" + r.path() + "/dax_region/";
                    for (String attr : List.of("id", "size", "align", "available_size", "seed", "create")) {
                        items.add(new SysfsItem("region " + id, base + attr, attr, false));
                    }
                });
                snapshot.cxlRegions().stream().filter(c -> Integer.valueOf(id).equals(c.daxRegion())).findFirst()
                        .ifPresent(c -> addCxlItems(c.name(), items));
            }
            case "mapping" -> {
                String[] p = n.key().split(":");
                String base = "/sys/bus/dax/devices/" + p[1] + "/mapping" + p[2] + "/";
                for (String attr : List.of("start", "end", "page_offset")) {
                    items.add(new SysfsItem(p[1] + " mapping" + p[2], base + attr, attr, false));
                }
            }
            case "block" -> {
                String base = "/sys/devices/system/memory/memory" + n.key().substring("block:".length()) + "/";
                for (String attr : List.of("state", "online", "phys_index", "valid_zones", "removable")) {
                    items.add(new SysfsItem("memory block", base + attr, attr, false));
                }
            }
            case "cxl-region" -> addCxlItems(n.key().substring("cxl:".length()), items);
            case "node" -> items.add(new SysfsItem("NUMA node", "/sys/devices/system/node/node"
                    + n.key().substring("node:".length()) + "/meminfo", "meminfo", false));
            default -> {
            }
        }
        properties.getItems().setAll(items);
    }

    private final Label systemRamPreview = new Label();
    private final javafx.scene.control.TextField whatIfSize = new javafx.scene.control.TextField();
    private final Label whatIfResult = new Label();
    private final VBox whatIf = new VBox(6);
    private String whatIfDevice;

    /** "What if": capacity a system-ram conversion would use and lose, and a dry run of a size change. */
    private VBox whatIfPanel() {
        systemRamPreview.setWrapText(true);
        whatIfResult.setWrapText(true);
        whatIfResult.getStyleClass().add("legend");
        whatIfSize.setPromptText("new size in bytes, e.g. 1073741824");
        Button preview = new Button("Preview");
        preview.setOnAction(e -> previewSize(whatIfSize.getText()));
        preview.setTooltip(new Tooltip("Dry run on a copy of the machine: nothing changes here"));
        HBox row = new HBox(6, whatIfSize, preview);
        HBox.setHgrow(whatIfSize, Priority.ALWAYS);
        whatIf.getChildren().addAll(header("What if"), systemRamPreview, new Label("Resize:"), row, whatIfResult);
        whatIf.setPadding(new Insets(0, 10, 10, 10));
        whatIf.setVisible(false);
        whatIf.setManaged(false);
        return whatIf;
    }

    private final ProbePanel probePanel = new ProbePanel(() -> source, header("Probe (writes allowed)"));

    private void showWhatIf(String device) {
        whatIfDevice = device;
        Optional<DeviceInfo> d = snapshot.device(device);
        probePanel.show(d.orElse(null));
        boolean show = d.isPresent();
        whatIf.setVisible(show);
        whatIf.setManaged(show);
        whatIfResult.setText("");
        if (d.isEmpty()) {
            return;
        }
        long block = snapshot.memory().blockSize();
        long usable = 0;
        for (RangeInfo r : d.get().ranges()) {
            long first = (r.start() + block - 1) / block * block;
            long last = (r.end() + 1) / block * block;
            usable += Math.max(0, last - first);
        }
        long lost = d.get().size() - usable;
        systemRamPreview.setText(block == 0 ? "" : "As system-ram (kmem): " + usable / Math.max(1, block) + " memory blocks of "
                + Format.size(block) + " would be used (" + Format.size(usable) + "); " + Format.size(lost)
                + " would be lost to memory-block alignment (R84).");
    }

    /** Dry-runs a size write on a copy of the machine and shows the errno or the new ranges. */
    void previewSize(String value) {
        if (whatIfDevice == null) {
            return;
        }
        Optional<DaxSource.WhatIf> w = source.whatIf("/sys/bus/dax/devices/" + whatIfDevice + "/size", value.strip() + "\n");
        if (w.isEmpty()) {
            whatIfResult.setText("A dry run needs the simulator; this source is a real machine.");
            return;
        }
        if (!w.get().outcome().isOk()) {
            whatIfResult.setText("Would fail: " + w.get().outcome());
            return;
        }
        StringBuilder b = new StringBuilder("Would succeed. Ranges afterwards:");
        w.get().after().device(whatIfDevice).ifPresent(d -> d.ranges().forEach(r -> b.append("\n  mapping")
                .append(r.mappingId()).append("  ").append(Format.hex(r.start())).append("–").append(Format.hex(r.end()))
                .append("  pgoff ").append(Format.hex(r.pgoff()))));
        whatIfResult.setText(b.toString());
    }

    String whatIfText() {
        return systemRamPreview.getText() + "\n" + whatIfResult.getText();
    }

    /** One sysfs attribute in the property sheet; editable ones write through the port. */
    private final class SysfsItem implements PropertySheet.Item {
        private final String category;
        private final String path;
        private final String name;
        private final boolean editable;
        private String value;

        SysfsItem(String category, String path, String name, boolean editable) {
            this.category = category;
            this.path = path;
            this.name = name;
            this.editable = editable;
            DaxSource.ReadOutcome r = source.read(path);
            this.value = r.outcome().isOk() ? r.text() : "(" + r.outcome().token() + ")";
        }

        @Override
        public Class<?> getType() {
            return String.class;
        }

        @Override
        public String getCategory() {
            return category;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getDescription() {
            return path;
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public void setValue(Object v) {
            String text = String.valueOf(v);
            if (text.equals(value)) {
                return;
            }
            Outcome o = source.write(path, text + "\n");
            if (o.isOk()) {
                value = text;
                hideProblem();
            } else {
                showProblem("Refused: " + o);
            }
        }

        @Override
        public boolean isEditable() {
            return editable;
        }

        @Override
        public Optional<javafx.beans.value.ObservableValue<? extends Object>> getObservableValue() {
            return Optional.of(new ReadOnlyObjectWrapper<>(value));
        }
    }

    // ------------------------------------------------------------------ for screenshots and tests

    /** Selects the tab or pane a view name stands for. */
    public void showView(String view) {
        switch (view) {
            case "region-map" -> tabs.getSelectionModel().select(regionTab);
            case "processes" -> tabs.getSelectionModel().select(processTab);
            case "fault-log" -> tabs.getSelectionModel().select(logTab);
            case "stats" -> tabs.getSelectionModel().select(statsTab);
            case "memory-tiers" -> tabs.getSelectionModel().select(tiersTab);
            default -> tabs.getSelectionModel().select(pageTab);
        }
        if (view.equals("processes") && processes.getRoot() != null && !processes.getRoot().getChildren().isEmpty()
                && !processes.getRoot().getChildren().getFirst().getChildren().isEmpty()) {
            // Open the first mapping so the view shows entries too.
            processes.getRoot().getChildren().getFirst().getChildren().getFirst().setExpanded(true);
        }
        if (view.equals("tree")) {
            expandAll(tree.getRoot());
            tree.requestFocus();
        }
        if (view.equals("properties")) {
            // A CXL provider's region shows the most: dax_region attributes and the CXL region's.
            snapshot.cxlRegions().stream().filter(c -> c.daxRegion() != null).findFirst()
                    .ifPresent(c -> selectKey("region:" + c.daxRegion()));
            tree.requestFocus();
        }
        if (view.equals("scenario-player")) {
            openTour();
            playScenario();
            playScenario();
        }
    }

    /** Set for screenshots: the status bar leaves out the JVM heap, the one figure no fixed input determines. */
    private boolean repeatable;
    /** The clock the tour's machine measures faults/s on (a stepped one for screenshots). */
    private java.util.function.LongSupplier tourClock = System::nanoTime;

    void repeatable(java.util.function.LongSupplier clock) {
        repeatable = true;
        tourClock = clock;
        updateStatus();
    }

    /** Takes one sample of counters and events now, as a frame does once per refresh interval. */
    void sampleNow() {
        updateStatus();
        pollEvents();
    }

    private static void expandAll(TreeItem<Node> item) {
        item.setExpanded(true);
        item.getChildren().forEach(MainWindow::expandAll);
    }

    /** Repaints everything from the source now (used before a screenshot, and by tests). */
    public void refreshNow() {
        refresh(true);
        pageMap.redraw(true);
        updateStatus();
    }

    TreeView<Node> tree() {
        return tree;
    }

    DaxSource source() {
        return source;
    }

    /** Selects the tree row with {@code key} (e.g. device:dax0.1), as a click would. */
    void selectKey(String key) {
        selectKey(tree.getRoot(), key);
    }

    String selectedTabText() {
        return tabs.getSelectionModel().getSelectedItem().getText();
    }

    ProbePanel probePanel() {
        return probePanel;
    }

    SourceControls sourceControls() {
        return sources;
    }

    UiPreferences preferences() {
        return preferences;
    }

    String statsTitle() {
        return statsTitle.getText();
    }

    PageMapView pageMap() {
        return pageMap;
    }

    RegionMapView regionMap() {
        return regionMap;
    }

    TreeView<String> processes() {
        return processes;
    }

    Label refusal() {
        return refusal;
    }

    PropertySheet properties() {
        return properties;
    }

    ToggleButton liveToggle() {
        return live;
    }

    Button workloadButton() {
        return workloadButton;
    }

    List<FaultEvent> shownFaultLog() {
        return List.copyOf(shownEvents);
    }

    void selectView(String view) {
        showView(view);
    }
}
