package dev.daxscope.ui;

import javafx.application.Application;

/** Entry point for the GUI from a main class that does not extend Application. */
public final class Inspector {
    private Inspector() {
    }

    /** Opens the inspector on the demo simulated machine. */
    public static void launch() {
        launch(null);
    }

    /** Opens the inspector on {@code source} (null: the demo simulated machine). */
    public static void launch(dev.daxscope.source.DaxSource source) {
        InspectorApp.startWith(source);
        Application.launch(InspectorApp.class);
    }
}
