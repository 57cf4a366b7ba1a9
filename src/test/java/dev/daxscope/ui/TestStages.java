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
        // A dialog an earlier journey left open (modal, owned by the shared stage) would swallow this one's clicks.
        for (javafx.stage.Window leftOver : java.util.List.copyOf(javafx.stage.Window.getWindows())) {
            if (leftOver != stage) {
                leftOver.hide();
            }
        }
        MainWindow window = new MainWindow(source, preferences);
        Scene scene = new Scene(window.root(), 1000, 720);
        Styles.apply(scene);
        stage.setScene(scene);
        // The stage is shared by every journey: one that resized or moved it (1000x700, 1300 wide) must not leave
        // the next one's nodes below the scroll pane's edge or off the screen, where a click lands on something else.
        stage.sizeToScene();
        stage.setX(0);
        stage.setY(0);
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

    /**
     * A main window in a {@code width} x {@code height} scene of no window: the headless screen's
     * frame buffer is 1000 px square (a larger window overruns it), so the reference 1600x1000 and
     * 1024x700 are laid out and painted off screen, as a snapshot does, where no pointer reaches.
     */
    static MainWindow offScreen(dev.daxscope.source.DaxSource source, double width, double height) {
        MainWindow window = new MainWindow(source, UiPreferences.inMemory());
        Scene scene = new Scene(window.root(), width, height);
        Styles.apply(scene);
        return window;
    }

    /** Lays out and paints an off-screen window as a pulse would, after its background work (off-screen windows get no pulses). */
    static void settleOffScreen(MainWindow window) {
        for (int i = 0; i < 3; i++) {
            settle(window);
            Journeys.onFx(() -> window.root().getScene().snapshot(null));
        }
    }
}
