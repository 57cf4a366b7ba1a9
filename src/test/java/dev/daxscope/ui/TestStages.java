package dev.daxscope.ui;

import javafx.scene.Scene;
import javafx.stage.Stage;

/** Puts a main window on a TestFX stage the headless 1000x1000 screen can hold. */
final class TestStages {
    private TestStages() {
    }

    static MainWindow show(Stage stage, dev.daxscope.source.DaxSource source) {
        MainWindow window = new MainWindow(source);
        Scene scene = new Scene(window.root(), 1000, 720);
        Styles.apply(scene);
        stage.setScene(scene);
        stage.show();
        return window;
    }
}
