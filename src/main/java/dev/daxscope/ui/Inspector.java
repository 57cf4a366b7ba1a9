package dev.daxscope.ui;

import java.util.Optional;
import javafx.application.Application;

/** Entry point for the GUI from a main class that does not extend Application. */
public final class Inspector {
    private Inspector() {
    }

    /** Opens the inspector on the demo simulated machine; returns the exit status. */
    public static int launch() {
        return launch(null, null);
    }

    /**
     * Opens the inspector on {@code source} (null: the demo simulated machine), in the dark theme
     * when {@code dark} says so (null: as remembered), and returns the exit status once the window
     * closes: 0, or 1 with one line on stderr when it cannot open.
     */
    public static int launch(dev.daxscope.source.DaxSource source, Boolean dark) {
        Optional<String> missing = WindowSupport.missingHere();
        if (missing.isPresent()) {
            System.err.println(missing.get());
            return 1;
        }
        InspectorApp.startWith(source, dark);
        try {
            Application.launch(InspectorApp.class);
        } catch (RuntimeException e) {
            System.err.println(WindowSupport.failedToStart(e));
            return 1;
        }
        return 0;
    }
}
