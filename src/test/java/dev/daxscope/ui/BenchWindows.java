package dev.daxscope.ui;

import dev.daxscope.source.DaxSource;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The main window shown headless (1000x1000, the headless screen) and running, for the UI benchmarks. */
final class BenchWindows {
    private BenchWindows() {
    }

    static MainWindow show(DaxSource source, String view) throws InterruptedException {
        Headless.startToolkit();
        MainWindow[] window = new MainWindow[1];
        CountDownLatch shown = new CountDownLatch(1);
        Platform.runLater(() -> {
            window[0] = new MainWindow(source, UiPreferences.inMemory());
            Scene scene = new Scene(window[0].root(), 1000, 1000);
            Styles.apply(scene);
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
            window[0].showView(view);
            window[0].start();
            shown.countDown();
        });
        shown.await();
        return window[0];
    }
}
