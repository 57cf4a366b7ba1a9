package dev.daxscope.ui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.stage.FileChooser;

/** The toolbar's Export…: saves the selected view as a PNG named after it; a failure is shown as a problem. */
final class ExportButton extends Button {
    /** Writes the selected view to a file. */
    interface Exporter {
        void export(Path file) throws IOException;
    }

    ExportButton(Supplier<String> viewTitle, Exporter exporter, Consumer<String> failed) {
        super("Export…");
        setTooltip(new Tooltip("Save the selected view as a PNG (Ctrl+E)"));
        setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setInitialFileName(viewTitle.get().toLowerCase().replace(' ', '-') + ".png");
            File f = chooser.showSaveDialog(getScene().getWindow());
            if (f != null) {
                try {
                    exporter.export(f.toPath());
                } catch (IOException ex) {
                    failed.accept(ex.getMessage());
                }
            }
        });
    }
}
