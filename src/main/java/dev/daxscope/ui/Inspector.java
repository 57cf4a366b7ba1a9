package dev.daxscope.ui;

import javafx.application.Application;

/** Entry point for the GUI from a main class that does not extend Application. */
public final class Inspector {
    private Inspector() {
    }

    public static void launch(String... args) {
        Application.launch(InspectorApp.class, args);
    }
}
