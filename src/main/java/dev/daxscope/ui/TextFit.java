package dev.daxscope.ui;

import javafx.beans.binding.Bindings;
import javafx.scene.control.TextField;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/** Widths that keep a value whole: a clipped number ("1" for 1073741824) is worse than none. */
final class TextFit {
    private TextFit() {
    }

    /** How wide {@code text} is drawn in {@code font}, rounded up. */
    static double width(String text, Font font) {
        Text t = new Text(text);
        t.setFont(font);
        return Math.ceil(t.getLayoutBounds().getWidth());
    }

    /** The field never narrows below its text (or its hint, while empty), in the font its style gives it. */
    static void keepWhole(TextField field) {
        field.minWidthProperty().bind(Bindings.createDoubleBinding(() -> {
            String shown = field.getText() == null || field.getText().isEmpty() ? field.getPromptText() : field.getText();
            return width(shown == null ? "" : shown, field.getFont()) + field.snappedLeftInset() + field.snappedRightInset() + 2;
        }, field.textProperty(), field.promptTextProperty(), field.fontProperty(), field.paddingProperty()));
    }
}
