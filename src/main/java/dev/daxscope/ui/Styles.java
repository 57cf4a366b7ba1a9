package dev.daxscope.ui;

import java.util.Objects;
import javafx.scene.Scene;

/** The inspector's stylesheet (assets/daxscope.css, packaged as a resource). */
final class Styles {
    private Styles() {
    }

    static void apply(Scene scene) {
        scene.getStylesheets().add(Objects.requireNonNull(Styles.class.getResource("/dev/daxscope/ui/daxscope.css"))
                .toExternalForm());
    }
}
