package dev.daxscope.ui;

import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;

/** The toolbar's theme switch: light ↔ dark on the window's root, kept in the preferences; canvases repaint. */
final class ThemeButton extends Button {
    ThemeButton(Parent root, UiPreferences preferences, Runnable repaint) {
        super(preferences.dark() ? "Light" : "Dark");
        setTooltip(new Tooltip("Switch between the light and dark theme"));
        setOnAction(e -> {
            boolean dark = root.getStyleClass().contains("dark");
            if (dark) {
                root.getStyleClass().remove("dark");
            } else {
                root.getStyleClass().add("dark");
            }
            setText(dark ? "Dark" : "Light");
            preferences.setDark(!dark);
            repaint.run();
        });
    }
}
