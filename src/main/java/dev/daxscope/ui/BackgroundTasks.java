package dev.daxscope.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Platform;

/**
 * The inspector's one executor for work that must not run on the FX thread (opening a machine,
 * reading and writing sysfs, loading scenarios): tasks run in order on one daemon thread and
 * their result or failure is delivered on the FX thread, as JabRef's TaskExecutor does.
 */
final class BackgroundTasks implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BackgroundTasks.class.getName());
    private final ExecutorService executor = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("daxscope-inspector-io").daemon().factory());

    /** Runs {@code work} in the background, then {@code done} or {@code failed} on the FX thread. */
    <T> void run(Callable<T> work, Consumer<T> done, Consumer<String> failed) {
        executor.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> done.accept(result));
            } catch (Exception | LinkageError e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                // The person sees why; the log keeps where, for a report.
                LOG.log(Level.WARNING, "background task failed: " + why, e);
                Platform.runLater(() -> failed.accept(why));
            }
        });
    }

    /** Runs {@code work} in the background in turn with the other tasks; nothing is delivered back. */
    void execute(Runnable work) {
        try {
            executor.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // The window has closed (the last preferences write at exit): nothing is left to keep responsive.
            work.run();
        }
    }

    /**
     * Waits (off the FX thread) until the tasks submitted so far, and the tasks their results
     * started, have run and delivered: screenshots and tests then see what they read.
     */
    void drain(long timeout, java.util.concurrent.TimeUnit unit) throws Exception {
        for (int round = 0; round < 3; round++) {
            java.util.concurrent.CompletableFuture<Void> ran = new java.util.concurrent.CompletableFuture<>();
            executor.execute(() -> Platform.runLater(() -> ran.complete(null)));
            ran.get(timeout, unit);
        }
    }

    /** Lets queued tasks (a preferences write at exit) finish for up to two seconds, then stops the rest. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
