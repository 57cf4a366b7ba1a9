package dev.daxscope.ui;

import dev.daxscope.source.open.ScenarioPlayer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The scenario player: the toolbar's Scenario menu and the narration drawer above the status
 * bar. The scenario's machine becomes the view-model's source; Play runs to the next {@code say}
 * or {@code pause}, so every line of narration is shown.
 */
final class ScenarioDrawer extends VBox {
    private final InspectorViewModel model;
    private final UiPreferences preferences;
    private final MenuButton menu = new MenuButton("Scenario");
    private final MenuItem openItem = new MenuItem("Open .dax script…  (Ctrl+O)");
    private final Menu recent = new Menu("Recent");
    private final Label title = new Label("No scenario");
    private final Label narration = new Label();
    private final Label lastStep = new Label();
    private final Button step = new Button("Step ▶");
    private final Button play = new Button("Play to next ▶▶");
    private final Button back = new Button("◀ Back");
    private ScenarioPlayer player;
    /** The clock a scenario's machine measures faults/s on (a stepped one for screenshots). */
    private LongSupplier clock = System::nanoTime;

    ScenarioDrawer(InspectorViewModel model, UiPreferences preferences) {
        this.model = model;
        this.preferences = preferences;
        title.getStyleClass().add("view-title");
        narration.getStyleClass().add("narration");
        narration.setWrapText(true);
        lastStep.getStyleClass().add("legend");
        lastStep.setWrapText(true);
        step.setOnAction(e -> step());
        play.setOnAction(e -> play());
        back.setOnAction(e -> back());
        step.setTooltip(new Tooltip("Run the next statement (Alt+Right)"));
        play.setTooltip(new Tooltip("Run up to the next say or pause"));
        back.setTooltip(new Tooltip("One statement back (replays the script from the start; Alt+Left)"));
        Button close = new Button("Close");
        close.setOnAction(e -> close());
        // The buttons first, where they stay as the step number grows; the file's name after them (its path as tooltip).
        HBox controls = new HBox(8, back, step, play, close, title);
        controls.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(controls, narration, lastStep);
        setSpacing(4);
        setPadding(new Insets(8, 12, 8, 12));
        getStyleClass().add("player-drawer");
        setShown(false);

        openItem.setOnAction(e -> chooseAndOpen());
        MenuItem tour = new MenuItem("Play the tour");
        tour.setOnAction(e -> askThenOpenTour());
        MenuItem save = new MenuItem("Save machine as scenario…");
        save.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setInitialFileName("machine.dax");
            File f = chooser.showSaveDialog(getScene().getWindow());
            if (f != null) {
                saveAsScenario(f.toPath());
            }
        });
        menu.getItems().addAll(openItem, recent, tour, save);
        menu.setTooltip(new Tooltip("Play a .dax scenario step by step, with its narration"));
        rebuildRecent();
        // Another source shown (the Source menu, a kernel): the scenario's machine is gone.
        model.transitionProperty().addListener((o, a, t) -> {
            if (player != null && t.source() != player.source()) {
                close();
            }
        });
    }

    MenuButton menu() {
        return menu;
    }

    MenuItem openItem() {
        return openItem;
    }

    private void setShown(boolean shown) {
        setVisible(shown);
        setManaged(shown);
    }

    /** Where the open dialog starts: the project's scenarios/ (beside the working directory or the jar), else home. */
    static Path scenariosDirectory() {
        Path here = Path.of("scenarios").toAbsolutePath();
        if (Files.isDirectory(here)) {
            return here;
        }
        try {
            Path jar = Path.of(ScenarioDrawer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("scenarios"))) {
                    return p.resolve("scenarios");
                }
            }
        } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
            // No code source to go by: fall back to home.
        }
        return Path.of(System.getProperty("user.home"));
    }

    /** The open dialog, starting in scenarios/ (or where the last scenario was). */
    FileChooser chooser() {
        FileChooser chooser = new FileChooser();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("daxscope scenarios", "*.dax"));
        Path start = preferences.recentScenarios().stream().map(Path::getParent).filter(Files::isDirectory).findFirst()
                .orElseGet(ScenarioDrawer::scenariosDirectory);
        chooser.setInitialDirectory(start.toFile());
        return chooser;
    }

    private void chooseAndOpen() {
        File f = chooser().showOpenDialog(getScene().getWindow());
        if (f != null) {
            open(f.toPath());
        }
    }

    private void rebuildRecent() {
        recent.getItems().clear();
        for (Path p : preferences.recentScenarios()) {
            MenuItem item = new MenuItem(p.getFileName() + "  —  " + p.getParent());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> open(p));
            recent.getItems().add(item);
        }
        recent.setDisable(recent.getItems().isEmpty());
    }

    /** Opens a scenario (read and parsed in the background): the views show the machine it builds, step by step. */
    void open(Path file) {
        model.tasks().run(() -> ScenarioPlayer.open(file), p -> {
            show(p, file.getFileName().toString());
            preferences.addRecentScenario(file);
            rebuildRecent();
        }, why -> model.showProblem("Cannot play " + file + ": " + why));
    }

    /**
     * The tour replaces the machine shown: unless that is the demo as it opened, the person is asked
     * first, and Cancel keeps everything.
     */
    void askThenOpenTour() {
        if (model.showsFreshDemo()) {
            openTour();
            return;
        }
        javafx.scene.control.Alert ask = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                "The tour builds its own machine and replaces the one shown (" + model.source().name() + ") as it is now"
                        + (model.source().simulated() ? " (save it first with Scenario ▸ Save machine as scenario…)" : "")
                        + ".", javafx.scene.control.ButtonType.OK, javafx.scene.control.ButtonType.CANCEL);
        ask.setHeaderText("Replace the machine shown with the tour?");
        if (getScene() != null) {
            ask.initOwner(getScene().getWindow());
        }
        ask.resultProperty().addListener((o, was, answer) -> {
            if (javafx.scene.control.ButtonType.OK.equals(answer)) {
                openTour();
            }
        });
        ask.show();
    }

    void openTour() {
        show(ScenarioPlayer.tour(clock), "the tour");
    }

    void useClock(LongSupplier clock) {
        this.clock = clock;
    }

    private void show(ScenarioPlayer p, String name) {
        player = p;
        model.switchTo(p.source(), InspectorViewModel.Change.NEW_MACHINE);
        setShown(true);
        narration.setText("Press Step or Play to run " + name + ".");
        lastStep.setText("");
        updateControls();
    }

    /** Whether the window shows a scenario's machine before its first statement ran. */
    boolean notStarted() {
        return player != null && player.atStart() && player.source() == model.source();
    }

    void step() {
        if (player != null && player.hasNext()) {
            shown(player.step());
        }
    }

    /** Runs to the next say or pause (or a failed expectation, or the end); the say's text is what the drawer shows. */
    void play() {
        if (player == null || !player.hasNext()) {
            return;
        }
        ScenarioPlayer.Step s = player.step();
        while (player.hasNext() && !s.pause() && !s.statement().startsWith("say") && !Boolean.FALSE.equals(s.pass())) {
            s = player.step();
        }
        shown(s);
    }

    void back() {
        if (player == null) {
            return;
        }
        ScenarioPlayer.Step s = player.back();
        model.switchTo(player.source(), InspectorViewModel.Change.NEW_MACHINE);
        if (s != null) {
            shown(s);
        } else {
            narration.setText("At the start of " + player.file() + ".");
            lastStep.setText("");
            updateControls();
        }
    }

    void close() {
        player = null;
        setShown(false);
    }

    private void shown(ScenarioPlayer.Step s) {
        // At the end the drawer says so: the last narration alone reads as if more were to come.
        String end = player.hasNext() ? "" : (s.narration().isEmpty() ? "" : "\n") + "End of " + fileName()
                + ": every statement has run. Back steps through it again; Close leaves this machine shown.";
        narration.setText(s.narration().isEmpty() && end.isEmpty() ? " " : s.narration() + end);
        String verdict = s.pass() == null ? "" : s.pass() ? "  ✓" : "  ✗ FAIL";
        boolean narrationOnly = s.statement().startsWith("say") || s.pause();
        lastStep.setText(narrationOnly ? s.where() : s.where() + "   " + s.statement() + "   → " + s.result() + verdict
                + (s.detail().isEmpty() ? "" : "   (" + s.detail() + ")"));
        updateControls();
        model.refreshStructure();
        model.sample();
        if (model.shownDeviceProperty().get() == null || model.snapshot().device(model.shownDeviceProperty().get()).isEmpty()) {
            model.shownDeviceProperty().set(InspectorViewModel.firstBoundDevice(model.snapshot()));
        }
    }

    private String fileName() {
        java.nio.file.Path file = java.nio.file.Path.of(player.file());
        return file.getFileName() == null ? player.file() : file.getFileName().toString();
    }

    private void updateControls() {
        title.setText(fileName() + "  ·  step " + player.position() + " / " + player.total());
        title.setTooltip(new Tooltip(player.file()));
        step.setDisable(!player.hasNext());
        play.setDisable(!player.hasNext());
    }

    /** Writes the current simulated machine as a .dax script (the file dialog asked before replacing); refused inline for real machines. */
    void saveAsScenario(Path file) {
        var text = model.source().scenarioText();
        if (text.isEmpty()) {
            model.showProblem("Save failed: " + model.source().name()
                    + " is a real machine; capture it with 'daxscope capture' instead");
            return;
        }
        model.tasks().run(() -> dev.daxscope.source.AtomicOutput.text(file, true, text.get()), written -> model.clearProblem(),
                why -> model.showProblem("Save failed: " + why));
    }

    String narrationText() {
        return narration.getText();
    }

    String lastStepText() {
        return lastStep.getText();
    }

    Button playButton() {
        return play;
    }

    String titleText() {
        return title.getText();
    }

    Button stepButton() {
        return step;
    }
}
