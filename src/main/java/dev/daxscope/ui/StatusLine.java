package dev.daxscope.ui;

import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.scene.control.Label;

/** The window's status bar: what the machine does now, wrapping rather than ending in "…" in a narrow window. */
final class StatusLine extends Label {
    StatusLine(ObservableStringValue text) {
        textProperty().bind(text);
        getStyleClass().add("status-bar");
        setWrapText(true);
        setMaxWidth(Double.MAX_VALUE);
        setPadding(new Insets(3, 8, 3, 8));
    }
}
