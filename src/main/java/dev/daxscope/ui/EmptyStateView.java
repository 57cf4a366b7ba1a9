package dev.daxscope.ui;

import dev.daxscope.source.DaxSource;
import dev.daxscope.source.NoDaxDevice;
import dev.daxscope.source.open.Machines;
import java.io.File;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * What the page map says when there is no device to draw: why (worked out by {@link NoDaxDevice}
 * from what was read) and what to do instead — the demo machine, a snapshot, a scenario.
 */
final class EmptyStateView extends VBox {
    private final InspectorViewModel model;
    private final Label headline = new Label();
    private final VBox reasons = new VBox(6);
    private final Button demo = new Button("Open the demo machine");
    private final ScenarioDrawer scenarios;

    EmptyStateView(InspectorViewModel model, ScenarioDrawer scenarios) {
        super(12);
        this.model = model;
        this.scenarios = scenarios;
        getStyleClass().add("empty-state");
        setPadding(new Insets(24));
        setMaxWidth(760);
        setAlignment(Pos.TOP_LEFT);
        headline.getStyleClass().add("view-title");
        headline.setWrapText(true);
        demo.setOnAction(e -> model.openDemo());
        Button snapshot = new Button("Open a snapshot…");
        snapshot.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(getScene().getWindow());
            if (dir != null) {
                model.open(dir.toString(), () -> Machines.snapshot(dir.toPath()));
            }
        });
        Button scenario = new Button("Play a scenario…");
        scenario.setOnAction(e -> scenarios.openItem().fire());
        // The offers wrap in a narrow view rather than squeezing their labels.
        javafx.scene.layout.FlowPane offers = new javafx.scene.layout.FlowPane(8, 8, demo, snapshot, scenario);
        getChildren().addAll(headline, reasons, new Label("Or look at device-DAX elsewhere:"), offers);
    }

    /** Works out why {@code source}'s machine has nothing to draw (reads in the background) and shows it. */
    void explain(DaxSource source) {
        headline.setText("Looking at " + source.name() + " …");
        reasons.getChildren().clear();
        boolean thisMachine = !source.simulated() && source.name().equals("this machine");
        var snap = model.snapshot();
        boolean scenarioNotStarted = scenarios.notStarted();
        model.tasks().run(() -> source.simulated() ? NoDaxDevice.explainSimulated(snap, scenarioNotStarted)
                : NoDaxDevice.explain(snap, source::read, thisMachine ? Machines.runningAsRoot() : null), e -> {
            if (source != model.source()) {
                return;
            }
            headline.setText(e.headline());
            for (String r : e.reasons()) {
                Label l = new Label("•  " + r);
                l.setWrapText(true);
                reasons.getChildren().add(l);
            }
        }, why -> headline.setText("Cannot tell why " + source.name() + " has no device: " + why));
    }

    /** Explains the machine the window shows now. */
    void explainShown() {
        explain(model.source());
    }

    String text() {
        StringBuilder b = new StringBuilder(headline.getText());
        reasons.getChildren().forEach(n -> b.append('\n').append(((Label) n).getText()));
        return b.toString();
    }

    Button demoButton() {
        return demo;
    }
}
