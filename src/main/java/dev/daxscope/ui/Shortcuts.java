package dev.daxscope.ui;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * The keyboard shortcuts (README lists them): Space live/paused; Ctrl+1..9 the views; Ctrl+F the
 * fault-log filter; Ctrl+E export the view; Ctrl+O open a scenario; Alt+→/← step a scenario.
 */
final class Shortcuts {
    private static final KeyCode[] DIGITS = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
        KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};

    private Shortcuts() {
    }

    /** {@code views} are the tabs' actions in order; the others name what each key does. */
    static void install(Scene scene, Runnable toggleLive, List<Runnable> views, Runnable findInLog, Runnable export,
                        ScenarioDrawer scenarios) {
        var keys = scene.getAccelerators();
        // Space is a filter, not an accelerator: lists and trees consume it; text fields, buttons and boxes keep it.
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            Node focus = scene.getFocusOwner();
            if (e.getCode() == KeyCode.SPACE && !e.isShortcutDown() && !(focus instanceof TextInputControl
                    || focus instanceof ButtonBase || focus instanceof ComboBoxBase || focus instanceof Spinner)) {
                toggleLive.run();
                e.consume();
            }
        });
        keys.put(new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.ALT_DOWN), scenarios::step);
        keys.put(new KeyCodeCombination(KeyCode.LEFT, KeyCombination.ALT_DOWN), scenarios::back);
        for (int i = 0; i < Math.min(DIGITS.length, views.size()); i++) {
            keys.put(new KeyCodeCombination(DIGITS[i], KeyCombination.SHORTCUT_DOWN), views.get(i));
        }
        keys.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), findInLog);
        keys.put(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), export);
        keys.put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), scenarios.openItem()::fire);
    }
}
