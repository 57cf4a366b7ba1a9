package dev.daxscope.ui;

import javafx.scene.Scene;
import javafx.stage.Stage;

/** Puts a main window on a TestFX stage the headless 1000x1000 screen can hold. */
final class TestStages {
    private TestStages() {
    }

    static MainWindow show(Stage stage, dev.daxscope.source.DaxSource source) {
        return show(stage, source, UiPreferences.inMemory());
    }

    static MainWindow show(Stage stage, dev.daxscope.source.DaxSource source, UiPreferences preferences) {
        MainWindow window = new MainWindow(source, preferences);
        Scene scene = new Scene(window.root(), 1000, 720);
        Styles.apply(scene);
        stage.setScene(scene);
        stage.show();
        return window;
    }

    /** Waits until the FX thread has laid out and painted what was changed. */
    static void settleFx() {
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents(3);
    }

    /** Waits until the window's background reads and writes have run and their results are on screen. */
    static void settle(MainWindow window) {
        try {
            window.model().tasks().drain(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("background tasks did not finish", e);
        }
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }
}
