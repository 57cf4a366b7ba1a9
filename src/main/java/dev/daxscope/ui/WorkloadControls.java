package dev.daxscope.ui;

import dev.daxscope.model.WorkloadRequest;
import dev.daxscope.source.DaxSource;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;

/**
 * The toolbar's workload panel: pattern, workers, processes, rate (a number of faults per
 * second, 0 = unlimited) and start/stop, run on the device the page map shows. Shown only for
 * sources that can run workloads (the simulator).
 */
final class WorkloadControls extends HBox {
    /** Rates offered, faults per second; 0 is unlimited. */
    static final java.util.List<Long> RATES = java.util.List.of(0L, 1_000L, 100_000L, 1_000_000L);
    private final InspectorViewModel model;
    private final ComboBox<WorkloadRequest.Pattern> pattern = new ComboBox<>();
    private final Spinner<Integer> workers = new Spinner<>(1, 64, Math.max(1, Math.min(64,
            Runtime.getRuntime().availableProcessors())));
    private final ComboBox<Long> rate = new ComboBox<>();
    private final Spinner<Integer> processes = new Spinner<>(1, 64, 2);
    private final Button toggle = new Button("▶ Start workload");

    WorkloadControls(InspectorViewModel model) {
        super(6);
        this.model = model;
        pattern.getItems().addAll(WorkloadRequest.Pattern.values());
        pattern.setValue(WorkloadRequest.Pattern.ZIPF);
        pattern.setTooltip(new Tooltip("Access pattern of the workload's processes"));
        workers.setPrefWidth(70);
        pattern.setPrefWidth(110);
        // As wide as its longest rate in the window's font (a fixed 150 px cut "100,000 faults/s" on a desktop).
        rate.setMinWidth(javafx.scene.control.ComboBox.USE_PREF_SIZE);
        processes.setPrefWidth(70);
        processes.setTooltip(new Tooltip("Processes the workload spawns; each maps the device"));
        workers.setTooltip(new Tooltip("Fault worker threads"));
        rate.getItems().addAll(RATES);
        rate.setValue(100_000L);
        rate.setConverter(new StringConverter<>() {
            @Override
            public String toString(Long r) {
                return r == null ? "" : r == 0 ? "unlimited" : Format.count(r) + " faults/s";
            }

            @Override
            public Long fromString(String s) {
                return null;
            }
        });
        rate.setTooltip(new Tooltip("Page faults per second, across all workers"));
        toggle.setTooltip(new Tooltip("Run the workload on the device shown in the page map"));
        toggle.setOnAction(e -> model.source().workloads().ifPresent(this::toggle));
        getChildren().setAll(new Separator(Orientation.VERTICAL), new Label("Workload"), pattern, new Label("workers"),
                workers, new Label("procs"), processes, rate, toggle);
        setAlignment(Pos.CENTER_LEFT);
        model.transitionProperty().addListener((o, a, b) -> showFor(model.source()));
        showFor(model.source());
    }

    private void showFor(DaxSource source) {
        boolean canRun = source.workloads().isPresent();
        setVisible(canRun);
        setManaged(canRun);
        toggle.setText(source.workloads().map(DaxSource.Workloads::running).orElse(false) ? "■ Stop workload"
                : "▶ Start workload");
    }

    /** Starts or stops the workload; a refusal is shown inline, like a refused sysfs write. */
    private void toggle(DaxSource.Workloads w) {
        if (w.running()) {
            w.stop();
            toggle.setText("▶ Start workload");
            return;
        }
        String device = model.shownDeviceProperty().get() != null ? model.shownDeviceProperty().get() : "dax0.0";
        try {
            w.start(WorkloadRequest.of(pattern.getValue(), device).withLoad(processes.getValue(), rate.getValue()),
                    workers.getValue());
            toggle.setText("■ Stop workload");
            model.clearProblem();
        } catch (IllegalArgumentException ex) {
            model.showProblem("Workload refused: " + ex.getMessage());
        }
    }

    Button button() {
        return toggle;
    }

    ComboBox<Long> rate() {
        return rate;
    }

    ComboBox<WorkloadRequest.Pattern> pattern() {
        return pattern;
    }
}
