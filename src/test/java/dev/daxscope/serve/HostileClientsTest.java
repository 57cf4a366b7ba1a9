package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.serve.http.Limits;
import dev.daxscope.serve.http.RawClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code daxscope serve} as a hostile or careless client meets it, on loopback: half-sent
 * requests, one client opening many connections, resets mid-answer, a burst of connections,
 * odd paths and methods. Scrapes meanwhile are answered, in time and correctly.
 */
class HostileClientsTest {
    /** A scrape of the demo machine costs a few milliseconds; this leaves room for a loaded CI machine. */
    private static final Duration SCRAPE_BOUND = Duration.ofSeconds(2);

    @TempDir
    Path tmp;

    private ServedMachine served;
    private URI server;
    private String reference;
    private final List<RawClient> held = new ArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        // One read for the whole test: every scrape must then be byte for byte the first one.
        served = ServedMachine.start("--machine", ServedMachine.demoMachine(tmp).toString(), "--min-interval", "3600000");
        server = served.metrics();
        reference = scrape("127.0.0.1").text();
    }

    @AfterEach
    void stop() throws Exception {
        for (RawClient c : held) {
            c.close();
        }
        served.close();
    }

    private RawClient.Answer scrape(String from) throws Exception {
        RawClient.Answer a = RawClient.exchange(server, from, "GET", "/metrics");
        assertThat(a.status()).as("scrape status").isEqualTo(200);
        return a;
    }

    /** A scrape from 127.0.0.1 that must be answered within the bound and say what the first one said. */
    private long timedScrape() throws Exception {
        long start = System.nanoTime();
        RawClient.Answer a = scrape("127.0.0.1");
        long took = System.nanoTime() - start;
        assertThat(a.text()).isEqualTo(reference);
        assertThat(Duration.ofNanos(took)).as("scrape time").isLessThan(SCRAPE_BOUND);
        return took;
    }

    @Test
    void twoHundredHalfSentRequestsLeaveScrapesAnswered() throws Exception {
        for (int i = 0; i < 200; i++) {
            held.add(RawClient.connect(server, "127.0.1." + (i + 1)).send("GET /metr"));
        }
        List<Long> took = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            took.add(timedScrape());
        }
        took.sort(null);
        System.out.printf("scrape with 200 half-sent requests held: p50 %.1f ms, max %.1f ms%n",
                took.get(10) / 1e6, took.get(19) / 1e6);
    }

    @Test
    void aRequestHeadThatDoesNotArriveInTimeIsDropped() throws Exception {
        try (RawClient slow = RawClient.connect(server, "127.0.2.1")) {
            slow.send("GET /metrics HTTP/1.1\r\nHost: x\r\n");
            long start = System.nanoTime();
            assertThat(slow.closedByServerWithin(Duration.ofSeconds(15))).as("dropped").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aSlowClientOnTheScrapersOwnAddressCannotLockItOut() throws Exception {
        int share = Limits.DEFAULT.connectionsPerClient();
        List<RawClient> mine = new ArrayList<>();
        for (int i = 0; i < share + 20; i++) {
            RawClient c = RawClient.connect(server, "127.0.3.1").send("GET /metr");
            mine.add(c);
            held.add(c);
        }
        // Each connection past the share ended the one of that client that had waited longest.
        for (RawClient evicted : mine.subList(0, 20)) {
            assertThat(evicted.closedByServerWithin(Duration.ofSeconds(3))).as("made room").isTrue();
        }
        assertThat(mine.getLast().closedByServerWithin(Duration.ofMillis(1))).as("the newest is served").isFalse();
        long start = System.nanoTime();
        assertThat(scrape("127.0.3.1").text()).isEqualTo(reference);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SCRAPE_BOUND);
    }

    @Test
    void onlyTheDocumentedPathsAndMethodsAnswer() throws Exception {
        for (String path : List.of("/metricsfoo", "/metrics/", "/metrics/../../etc/passwd", "/-/healthyx", "/index.html")) {
            RawClient.Answer a = RawClient.exchange(server, null, "GET", path);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.text()).as(path).contains("nothing at " + path).contains("/metrics");
        }
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")) {
            for (String path : List.of("/metrics", "/-/healthy", "/")) {
                RawClient.Answer a = RawClient.exchange(server, null, method, path);
                assertThat(a.status()).as(method + " " + path).isEqualTo(405);
                assertThat(a.headers().get("allow")).as(method + " " + path).isEqualTo("GET, HEAD");
            }
        }
        RawClient.Answer head = RawClient.exchange(server, null, "HEAD", "/metrics");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().get("content-length")).isEqualTo(String.valueOf(reference.getBytes(StandardCharsets.UTF_8).length));
        assertThat(RawClient.exchange(server, null, "GET", "/-/healthy").text()).isEqualTo("Exporter is healthy.\n");
        assertThat(RawClient.exchange(server, null, "GET", "/metrics?name[]=daxscope_node_tier").text())
                .contains("daxscope_node_tier{node=\"0\"} 4").doesNotContain("daxscope_device_size_bytes");
    }

    @Test
    void theNotFoundPageEchoesNothingUnescaped() throws Exception {
        // An escape sequence, percent-encoded as a client would send it, is echoed as sent, never decoded.
        RawClient.Answer encoded = RawClient.exchange(server, null, "GET", "/%1B[2J%1B]0;owned%07");
        assertThat(encoded.status()).isEqualTo(404);
        assertThat(encoded.text()).contains("/%1B[2J%1B]0;owned%07").doesNotContain("\u001b").doesNotContain("\u0007");
        // The raw byte itself is not a valid request target.
        try (RawClient c = RawClient.connect(server, null)) {
            RawClient.Answer raw = c.send("GET /\u001b[2J HTTP/1.1\r\nHost: x\r\n\r\n").answer(Duration.ofSeconds(10), true);
            assertThat(raw.status()).isEqualTo(400);
            assertThat(raw.text()).doesNotContain("\u001b");
        }
        RawClient.Answer longPath = RawClient.exchange(server, null, "GET", "/" + "A".repeat(4000));
        assertThat(longPath.status()).isEqualTo(404);
        assertThat(longPath.body().length).isLessThan(300);
        RawClient.Answer tooLong = RawClient.exchange(server, null, "GET", "/" + "%1B".repeat(40_000));
        assertThat(tooLong.status()).isEqualTo(414);
        assertThat(tooLong.body().length).isLessThan(300);
    }

    @Test
    void resetsMidAnswerAreNotedOnOneLine() throws Exception {
        for (int i = 0; i < 20; i++) {
            RawClient.connect(server, null).send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").reset();
        }
        assertThat(served.awaitErr(Duration.ofSeconds(20))).as("a note on stderr").isTrue();
        assertThat(served.err().lines()).as(served.err()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("daxscope serve: ").contains("127.0.0.1").contains("before its answer was sent"));
        timedScrape();
    }

    @Test
    void aBurstOfConnectionsFitsTheListenBacklog() throws Exception {
        int clients = 100;
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<Long>> connects = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String from = "127.0.4." + (i + 1);
                connects.add(pool.submit(() -> {
                    go.await();
                    long start = System.nanoTime();
                    try (RawClient c = RawClient.connect(server, from)) {
                        long connected = System.nanoTime() - start;
                        RawClient.Answer a = c.send("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                                .answer(Duration.ofSeconds(30), true);
                        assertThat(a.text()).isEqualTo(reference);
                        return connected;
                    }
                }));
            }
            go.countDown();
            for (Future<Long> f : connects) {
                // A SYN the full listen queue dropped is sent again after 1 s: a connect that long overflowed it.
                assertThat(Duration.ofNanos(f.get(60, TimeUnit.SECONDS))).as("connect time").isLessThan(Duration.ofMillis(900));
            }
        }
    }
}
