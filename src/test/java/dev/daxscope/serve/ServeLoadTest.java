package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.serve.http.RawClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code daxscope serve} under load on loopback, bounded (about 3,500 requests and 500
 * connections, some seconds): 200 slow clients that keep a half-sent request attached, one
 * greedy client past its share, clients resetting mid-answer, a seeded mix of odd paths, methods
 * and malformed heads, and a storm of 50 concurrent scrapers. Scrapes meanwhile stay answered,
 * within a bound, and say what an undisturbed scrape says. Figures are printed for
 * docs/hostile-input.md.
 */
@Tag("fleet")
class ServeLoadTest {
    private static final long SEED = Long.getLong("daxscope.load.seed", System.nanoTime());
    /** A scrape with slow clients attached: a few milliseconds idle, this on a loaded 2-core machine. */
    private static final Duration SCRAPE_BOUND = Duration.ofSeconds(2);
    /**
     * A scrape while 50 others run: CPU is shared 51 ways (on the shared build machine, load 17 on
     * 2 cores, single scrapes took up to 3.4 s), so the bound is on being answered at all.
     */
    private static final Duration STORM_BOUND = Duration.ofSeconds(10);
    /** The kernel completes a connection without the server's CPU; 1 s is the SYN retransmission of a full queue. */
    private static final Duration CONNECT_BOUND = Duration.ofMillis(900);

    @TempDir
    Path tmp;

    /** The scrape without the one sample that changes from read to read. */
    private static String steady(String exposition) {
        return exposition.replaceAll("(?m)^daxscope_snapshot_read_seconds .*$", "");
    }

    @Test
    void scrapesStayAnsweredAndCorrectUnderHostileLoad() throws Exception {
        System.out.println("ServeLoadTest seed " + SEED + " (-Ddaxscope.load.seed=" + SEED + " replays it)");
        long overflowsBefore = listenOverflows();
        // The machine is read again every 100 ms, so scrapes under load read it too, not only a cache.
        try (ServedMachine served = ServedMachine.start("--machine", ServedMachine.demoMachine(tmp).toString(),
                "--min-interval", "100");
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> background = new ArrayList<>();
            try {
                URI server = served.metrics();
                String reference = steady(RawClient.exchange(server, "127.0.0.1", "GET", "/metrics").text());
                CountDownLatch slowAttached = new CountDownLatch(200);
                for (int i = 0; i < 200; i++) {
                    String from = "127.0.10." + (i + 1);
                    background.add(clients.submit(() -> holdHalfSentRequests(server, from, stop, slowAttached)));
                }
                background.add(clients.submit(() -> greedy(server, stop)));
                assertThat(slowAttached.await(1, TimeUnit.MINUTES)).as("200 slow clients attached").isTrue();

                List<Timing> alone = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    alone.add(timedScrape(server, "127.0.0.1", reference, SCRAPE_BOUND));
                }
                report("scrape with 200 slow clients attached", alone);

                List<Future<?>> hostile = new ArrayList<>();
                hostile.add(clients.submit(() -> resets(server, 500)));
                hostile.add(clients.submit(() -> oddRequests(server, new SplittableRandom(SEED), 500)));
                List<Future<List<Timing>>> storm = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String from = "127.0.12." + (i + 1);
                    storm.add(clients.submit(() -> {
                        List<Timing> took = new ArrayList<>();
                        for (int k = 0; k < 40; k++) {
                            took.add(timedScrape(server, from, reference, STORM_BOUND));
                        }
                        return took;
                    }));
                }
                List<Timing> during = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    during.add(timedScrape(server, "127.0.0.1", reference, STORM_BOUND));
                }
                List<Timing> stormed = new ArrayList<>();
                for (Future<List<Timing>> f : storm) {
                    stormed.addAll(f.get(5, TimeUnit.MINUTES));
                }
                for (Future<?> f : hostile) {
                    f.get(5, TimeUnit.MINUTES);
                }
                report("scrape during the storm, resets and odd requests", during);
                report("storm: 50 scrapers x 40 scrapes", stormed);
                assertThat(stormed).hasSize(2000);
            } finally {
                stop.set(true); // the slow clients let go, so the executor can close
            }
            for (Future<?> f : background) {
                f.get(1, TimeUnit.MINUTES);
            }
            System.out.printf("listen overflows during the test (whole machine): %d%n", listenOverflows() - overflowsBefore);
            // Resets, refusals, evictions and failures are noted at most once a minute each, never as a stack trace.
            assertThat(served.err().lines()).as(served.err()).hasSizeLessThanOrEqualTo(4)
                    .allSatisfy(l -> assertThat(l).startsWith("daxscope serve: ").doesNotContain("\tat "));
        }
    }

    /** One slow client: a half-sent request kept attached, sent again whenever the server ends it. */
    private static Void holdHalfSentRequests(URI server, String from, AtomicBoolean stop, CountDownLatch attached)
            throws IOException {
        for (boolean first = true; !stop.get(); first = false) {
            try (RawClient c = RawClient.connect(server, from)) {
                c.send("GET /metrics HTTP/1.1\r\nHost: slow\r\n");
                if (first) {
                    attached.countDown();
                }
                while (!stop.get() && !c.closedByServerWithin(Duration.ofMillis(200))) {
                    // still attached
                }
            }
        }
        return null;
    }

    /** A client opening connections past its share and sending nothing on them. */
    private static Void greedy(URI server, AtomicBoolean stop) throws IOException {
        List<RawClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 150 && !stop.get(); i++) {
                open.add(RawClient.connect(server, "127.0.11.1"));
            }
        } finally {
            for (RawClient c : open) {
                c.close();
            }
        }
        return null;
    }

    private static Void resets(URI server, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            RawClient.connect(server, "127.0.13." + (i % 20 + 1)).send("GET /metrics HTTP/1.1\r\nHost: r\r\n\r\n").reset();
        }
        return null;
    }

    private record Odd(String request, int status) {
    }

    private static final List<Odd> ODD = List.of(new Odd("GET /metricsfoo HTTP/1.1\r\n\r\n", 404),
            new Odd("GET /metrics/../../etc/passwd HTTP/1.1\r\n\r\n", 404), new Odd("GET /-/healthyx HTTP/1.1\r\n\r\n", 404),
            new Odd("GET /%1B[2J%1B]0;x%07 HTTP/1.1\r\n\r\n", 404), new Odd("POST /metrics HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", 405),
            new Odd("DELETE /metrics HTTP/1.1\r\n\r\n", 405), new Odd("PUT /-/healthy HTTP/1.1\r\n\r\n", 405),
            new Odd("GET /\u001b[2J HTTP/1.1\r\n\r\n", 400), new Odd("GET /metrics HTTP/2.0\r\n\r\n", 505),
            new Odd("GET / HTTP/1.1\r\nX: 1\r\n folded\r\n\r\n", 400), new Odd("GET /" + "a".repeat(9000) + " HTTP/1.1\r\n\r\n", 414),
            new Odd("GET / HTTP/1.1\r\n" + "X-A: b\r\n".repeat(101) + "\r\n", 431), new Odd("HEAD /metrics HTTP/1.1\r\n\r\n", 200),
            new Odd("GET /-/healthy HTTP/1.1\r\n\r\n", 200));

    private static Void oddRequests(URI server, SplittableRandom random, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Odd odd = ODD.get(random.nextInt(ODD.size()));
            try (RawClient c = RawClient.connect(server, "127.0.14." + (i % 20 + 1))) {
                RawClient.Answer a = c.send(odd.request()).answer(STORM_BOUND, !odd.request().startsWith("HEAD"));
                assertThat(a.status()).as("seed " + SEED + ": " + odd.request().lines().findFirst().orElseThrow()).isEqualTo(odd.status());
                assertThat(a.text()).doesNotContain("\u001b").doesNotContain("\u0007");
            }
        }
        return null;
    }

    /** A scrape's connect time (a SYN dropped by a full listen queue is sent again after 1 s) and its whole time. */
    private record Timing(long connectNanos, long totalNanos) {
    }

    private static Timing timedScrape(URI server, String from, String reference, Duration bound) throws IOException {
        long start = System.nanoTime();
        try (RawClient c = RawClient.connect(server, from)) {
            long connected = System.nanoTime() - start;
            RawClient.Answer a = c.send("GET /metrics HTTP/1.1\r\nHost: load\r\nConnection: close\r\n\r\n")
                    .answer(STORM_BOUND, true);
            long took = System.nanoTime() - start;
            assertThat(a.status()).as("scrape from " + from).isEqualTo(200);
            assertThat(steady(a.text())).as("scrape from " + from).isEqualTo(reference);
            assertThat(Duration.ofNanos(connected)).as("connect time from " + from).isLessThan(CONNECT_BOUND);
            assertThat(Duration.ofNanos(took)).as("scrape time from " + from).isLessThan(bound);
            return new Timing(connected, took);
        }
    }

    private static double percentileMs(List<Timing> timings, java.util.function.ToLongFunction<Timing> what, double p) {
        long[] sorted = timings.stream().mapToLong(what).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }

    private static void report(String what, List<Timing> timings) {
        System.out.printf("%s: %d scrapes, p50 %.1f ms, p99 %.1f ms, max %.1f ms (connect: p99 %.2f ms, max %.2f ms)%n",
                what, timings.size(), percentileMs(timings, Timing::totalNanos, 0.5),
                percentileMs(timings, Timing::totalNanos, 0.99), percentileMs(timings, Timing::totalNanos, 1),
                percentileMs(timings, Timing::connectNanos, 0.99), percentileMs(timings, Timing::connectNanos, 1));
    }

    /** TcpExt ListenOverflows of /proc/net/netstat (the machine's, all sockets): -1 where there is none. */
    private static long listenOverflows() throws IOException {
        Path netstat = Path.of("/proc/net/netstat");
        if (!Files.isReadable(netstat)) {
            return -1;
        }
        List<String> lines = Files.readAllLines(netstat);
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            List<String> names = List.of(lines.get(i).split(" "));
            if (names.getFirst().equals("TcpExt:") && names.contains("ListenOverflows")) {
                return Long.parseLong(lines.get(i + 1).split(" ")[names.indexOf("ListenOverflows")]);
            }
        }
        return -1;
    }
}
