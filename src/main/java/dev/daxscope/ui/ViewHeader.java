package dev.daxscope.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A view's header: its title and, beside it, its controls; when the two do not fit side by side
 * (a narrow centre), the controls go under the title instead of squeezing it to a letter a line.
 */
final class ViewHeader extends VBox {
    private final Label title;
    private final HBox controls;
    private final HBox row = new HBox(12);

    ViewHeader(Label title, Node... controls) {
        this.title = title;
        this.controls = new HBox(12, controls);
        this.controls.setAlignment(Pos.CENTER_LEFT);
        this.controls.getChildren().forEach(n -> ((Region) n).setMinWidth(Region.USE_PREF_SIZE));
        this.controls.setMinWidth(Region.USE_PREF_SIZE);
        title.setWrapText(true);
        title.setMinWidth(0);
        title.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(title, Priority.ALWAYS);
        row.setAlignment(Pos.CENTER_LEFT);
        setSpacing(4);
        setPadding(new Insets(8, 12, 8, 12));
        getStyleClass().add("view-header");
        widthProperty().addListener((o, a, w) -> arrange());
        title.textProperty().addListener((o, a, t) -> arrange());
        arrange();
    }

    /** Side by side when the title's one line and the controls fit; else the controls under the title. */
    private void arrange() {
        double room = getWidth() - 24;
        boolean sideBySide = room <= 0 || TextFit.width(title.getText() == null ? "" : title.getText(), title.getFont())
                + 12 + controls.prefWidth(-1) <= room || TextFit.width(title.getText() == null ? "" : title.getText(),
                title.getFont()) > room && room - controls.prefWidth(-1) >= MIN_TITLE_WIDTH;
        if (sideBySide && row.getChildren().isEmpty()) {
            row.getChildren().setAll(title, controls);
            getChildren().setAll(row);
        } else if (!sideBySide && !row.getChildren().isEmpty()) {
            row.getChildren().clear();
            getChildren().setAll(title, controls);
        }
    }

    /** Below this a wrapped title reads as a column of words: the controls move under it. */
    private static final double MIN_TITLE_WIDTH = 260;
}
