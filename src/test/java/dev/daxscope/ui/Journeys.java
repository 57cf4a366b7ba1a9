package dev.daxscope.ui;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** What the journeys share: reading what the window painted, on the FX thread, and waiting for it. */
final class Journeys {
    private Journeys() {
    }

    /** Reads {@code what} on the FX thread (canvas pixels, labels). */
    static <T> T onFx(Supplier<T> what) {
        try {
            return WaitForAsyncUtils.asyncFx(what::get).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Waits up to 20 s for {@code condition}, checked on the FX thread. */
    static void await(Supplier<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("waited 20 s in vain", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    static String status(MainWindow window) {
        return onFx(() -> window.model().statusProperty().get());
    }

    /** Chooses {@code item} in the toolbar's Source menu, as a person clicks it. */
    static void chooseSource(FxRobot robot, MainWindow window, String item) {
        robot.clickOn(window.sourceControls().sourceMenu());
        robot.clickOn(item);
    }
}
