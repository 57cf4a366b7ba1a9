package dev.daxscope.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Saves a PNG of every open window under target/ui-failures/ when a UI test fails. */
public final class FailureScreenshots implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Path dir = Path.of("target", "ui-failures");
        try {
            Files.createDirectories(dir);
            CompletableFuture<Void> done = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    int i = 0;
                    for (Window w : Window.getWindows()) {
                        if (w.getScene() == null) {
                            continue;
                        }
                        var img = ScreenshotCommand.toBuffered(w.getScene().snapshot(null));
                        ImageIO.write(img, "png", dir.resolve(context.getDisplayName().replaceAll("[^A-Za-z0-9_.-]", "_")
                                + "-" + i++ + ".png").toFile());
                    }
                    done.complete(null);
                } catch (Exception e) {
                    done.completeExceptionally(e);
                }
            });
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("could not save a failure screenshot: " + e);
        }
    }
}
