package dev.daxscope.ui;

import dev.daxscope.model.FaultEvent;
import dev.daxscope.source.EventExport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The fault log: the newest events the view-model polls, filterable, pausable on its own, with
 * the share of events it keeps ("showing 1 in 3,200 events") and CSV/JSON export.
 */
final class FaultLogView extends VBox {
    private static final int LOG_ROWS = 5000;
    private final InspectorViewModel model;
    private final TableView<FaultEvent> table = new TableView<>();
    private final ObservableList<FaultEvent> events = FXCollections.observableArrayList();
    private final FilteredList<FaultEvent> shown = new FilteredList<>(events);
    private final TextField filter = new TextField();
    private final ToggleButton paused = new ToggleButton("Pause log");
    private final List<FaultEvent> waiting = new ArrayList<>();
    private final Label title = new Label();
    private final Label share = new Label();

    FaultLogView(InspectorViewModel model) {
        this.model = model;
        table.setItems(shown);
        filter.setPromptText("Filter: pid, device, level or result (e.g. dax0.1, PMD, SIGBUS)");
        filter.setTooltip(new Tooltip("Shows the events whose pid, device, level, kind or result contains this text (Ctrl+F)"));
        filter.textProperty().addListener((o, a, b) -> shown.setPredicate(e -> matches(e, b)));
        Button csv = new Button("Export CSV…");
        Button json = new Button("Export JSON…");
        csv.setOnAction(e -> chooseAndExport("csv"));
        json.setOnAction(e -> chooseAndExport("json"));
        paused.setTooltip(new Tooltip("Hold the log still to read it; the other views stay live"));
        paused.selectedProperty().addListener((o, was, now) -> pauseChanged(now));
        share.getStyleClass().add("legend");
        share.textProperty().bind(model.eventShareProperty());
        share.setTooltip(new Tooltip("Workers fault faster than a table can show: the log keeps the newest events of each"
                + " sample and counts the rest"));
        HBox tools = new HBox(8, filter, share, paused, csv, json);
        tools.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(filter, Priority.ALWAYS);
        tools.setPadding(new Insets(0, 12, 8, 12));
        table.getColumns().add(column("#", e -> Long.toString(e.seq())));
        table.getColumns().add(column("kind", e -> e.kind().name()));
        table.getColumns().add(column("pid", e -> Integer.toString(e.pid())));
        table.getColumns().add(column("address", e -> Format.hex(e.address())));
        table.getColumns().add(column("device", FaultEvent::device));
        table.getColumns().add(column("pgoff", e -> Format.hex(e.pgoff())));
        table.getColumns().add(column("folio", e -> e.folio() < 0 ? "-" : Long.toString(e.folio())));
        table.getColumns().add(column("level", FaultEvent::level));
        table.getColumns().add(column("result", FaultEvent::result));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        for (int i : new int[] {0, 2, 3, 5, 6}) {
            table.getColumns().get(i).setStyle("-fx-alignment: CENTER-RIGHT; -fx-font-family: monospace;");
        }
        title.getStyleClass().add("view-title");
        title.setPadding(new Insets(8, 12, 8, 12));
        getChildren().addAll(title, tools, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        model.onEvents(this::arrived);
        model.transitionProperty().addListener((o, a, t) -> reset());
        reset();
    }

    /** Another machine or kernel: its events only, from now on. */
    private void reset() {
        events.clear();
        waiting.clear();
        paused.setSelected(false);
        // A real machine's events are inferred from polls, and the title says so.
        title.setText(model.source().simulated() ? "Fault log — newest last"
                : "Fault log — inferred between polls from pagemap (per page) or smaps Rss (user space sees no faults)");
    }

    private static TableColumn<FaultEvent, String> column(String name, Function<FaultEvent, String> f) {
        TableColumn<FaultEvent, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }

    private static boolean matches(FaultEvent e, String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String f = filter.strip();
        return Integer.toString(e.pid()).equals(f) || e.device().contains(f) || e.level().equalsIgnoreCase(f)
                || e.result().contains(f) || e.kind().name().equalsIgnoreCase(f);
    }

    private void arrived(List<FaultEvent> batch) {
        if (paused.isSelected()) {
            // The log holds still to be read; what arrives meanwhile waits (the newest LOG_ROWS of it).
            waiting.addAll(batch);
            if (waiting.size() > LOG_ROWS) {
                waiting.subList(0, waiting.size() - LOG_ROWS).clear();
            }
            paused.setText("Resume log (" + Format.count(waiting.size()) + " new)");
            return;
        }
        show(batch);
    }

    private void show(List<FaultEvent> batch) {
        events.addAll(batch);
        if (events.size() > LOG_ROWS) {
            events.remove(0, events.size() - LOG_ROWS);
        }
        if (getScene() != null) {
            table.scrollTo(events.size() - 1);
        }
    }

    private void pauseChanged(boolean now) {
        if (!now) {
            paused.setText("Pause log");
            if (!waiting.isEmpty()) {
                show(List.copyOf(waiting));
                waiting.clear();
            }
        }
    }

    void pause(boolean pause) {
        paused.setSelected(pause);
    }

    void focusFilter() {
        filter.requestFocus();
    }

    void filter(String text) {
        filter.setText(text);
    }

    List<FaultEvent> shownEvents() {
        return List.copyOf(shown);
    }

    String shareText() {
        return share.getText();
    }

    private void chooseAndExport(String format) {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName("fault-log." + format);
        java.io.File f = chooser.showSaveDialog(getScene().getWindow());
        if (f != null) {
            export(f.toPath(), format);
        }
    }

    /**
     * Writes the events shown now (after the filter) as CSV or JSON, in the background; a failure
     * is shown inline. The file dialog asked before replacing, so an existing file is replaced.
     */
    void export(Path file, String format) {
        List<FaultEvent> rows = List.copyOf(shown);
        String text = format.equals("json") ? EventExport.json(rows) : EventExport.csv(rows);
        model.tasks().run(() -> dev.daxscope.source.AtomicOutput.text(file, true, text), written -> model.clearProblem(),
                why -> model.showProblem("Export failed: " + why));
    }
}
