package dev.daxscope.serve;

import dev.daxscope.Main;
import dev.daxscope.cli.ServeCommand;
import dev.daxscope.source.sim.DemoMachine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * {@code daxscope serve ARGS --listen 127.0.0.1:0} run in-process as the command line runs it,
 * on its own thread; the address it announces is where the test scrapes.
 */
final class ServedMachine implements AutoCloseable {
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";
    private static final Pattern ANNOUNCED = Pattern.compile("at (https?://\\S+/metrics)");

    private final ServeCommand command;
    private final CompletableFuture<Integer> exit;
    private final URI metrics;
    private final ErrStream err;
    private final HttpClient http = HttpClient.newHttpClient();

    private ServedMachine(ServeCommand command, CompletableFuture<Integer> exit, URI metrics, ErrStream err) {
        this.command = command;
        this.exit = exit;
        this.metrics = metrics;
        this.err = err;
    }

    static ServedMachine start(String... args) throws Exception {
        CommandLine cl = Main.commandLine();
        ServeCommand command = cl.getSubcommands().get("serve").getCommand();
        CompletableFuture<String> announced = new CompletableFuture<>();
        StringBuilder printed = new StringBuilder();
        cl.setOut(new PrintWriter(new Writer() {
            @Override
            public synchronized void write(char[] buf, int off, int len) {
                printed.append(buf, off, len);
                Matcher m = ANNOUNCED.matcher(printed);
                if (m.find()) {
                    announced.complete(m.group(1));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        }, true));
        ErrStream err = new ErrStream();
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:0"));
        all.addAll(List.of(args));
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread.ofPlatform().name("serve-under-test").daemon().start(() -> {
            int code = cl.execute(all.toArray(String[]::new));
            exit.complete(code);
            announced.completeExceptionally(new AssertionError("serve exited " + code + " before listening: " + err));
        });
        return new ServedMachine(command, exit, URI.create(announced.get(60, TimeUnit.SECONDS)), err);
    }

    /** The built-in demo machine as a script file in {@code dir}, for {@code --machine}. */
    static Path demoMachine(Path dir) throws IOException {
        Path f = dir.resolve("demo.dax");
        Files.writeString(f, DemoMachine.text());
        return f;
    }

    URI metrics() {
        return metrics;
    }

    /** What the command has written to its error stream so far. */
    String err() {
        return err.toString();
    }

    /** Waits until the error stream says something (false when it stayed silent for {@code patience}). */
    boolean awaitErr(Duration patience) throws InterruptedException {
        return err.awaitText(patience);
    }

    /** The command's error stream, which wakes a test waiting for it to say something. */
    private static final class ErrStream extends Writer {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            text.append(buf, off, len);
            notifyAll();
        }

        synchronized boolean awaitText(Duration patience) throws InterruptedException {
            long deadline = System.nanoTime() + patience.toNanos();
            for (long left = patience.toNanos(); text.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return !text.isEmpty();
        }

        @Override
        public synchronized String toString() {
            return text.toString();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(metrics.resolve(path));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Prometheus text exposition, parsed. */
    Exposition scrape() throws IOException, InterruptedException {
        return Exposition.parse(get("/metrics", null).body());
    }

    Exposition scrapeOpenMetrics() throws IOException, InterruptedException {
        return Exposition.parse(get("/metrics", OPENMETRICS).body());
    }

    /** Stops serving; the command's exit code. */
    @Override
    public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        command.stop();
        int code;
        try {
            code = exit.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while serve stopped", e);
        }
        http.close();
        if (code != 0) {
            throw new AssertionError("serve exited " + code + ": " + err);
        }
    }
}
