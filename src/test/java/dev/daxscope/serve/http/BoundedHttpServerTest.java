package dev.daxscope.serve.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport's bounds with short deadlines, so each shows in a fraction of a second. */
class BoundedHttpServerTest {
    private static final Limits SHORT = new Limits(16, 8, 4, Duration.ofMillis(300), Duration.ofMillis(500),
            Duration.ofMillis(500), 4096);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final BlockingQueue<String> log = new LinkedBlockingQueue<>();
    private final List<RawClient> clients = new ArrayList<>();
    private BoundedHttpServer server;
    private URI uri;

    private void start(Limits limits, Handler handler) throws Exception {
        server = BoundedHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), limits, handler, log::add);
        uri = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    private static Response hello(RequestHead h) {
        return Response.text(200, "hello " + h.path() + "\n");
    }

    private RawClient client(String from) throws Exception {
        RawClient c = RawClient.connect(uri, from);
        clients.add(c);
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        for (RawClient c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aHeadDrippedByteByByteIsCutAtItsDeadline() throws Exception {
        start(SHORT, BoundedHttpServerTest::hello);
        RawClient slow = client(null);
        // Each byte comes well within any per-read timeout; the head as a whole does not.
        Thread drip = Thread.ofVirtual().start(() -> {
            try {
                for (char ch : "GET /metrics HTTP/1.1\r\nX-Slow: ".concat("a".repeat(200)).toCharArray()) {
                    slow.send(String.valueOf(ch));
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // pacing the client, not waiting for the server
                }
            } catch (java.io.IOException cut) {
                // The server ended the connection: what this test expects.
            }
        });
        long start = System.nanoTime();
        assertThat(slow.closedByServerWithin(PATIENCE)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        drip.join();
    }

    @Test
    void aKeptAliveConnectionAnswersPipelinedRequestsInOrderThenEndsWhenIdle() throws Exception {
        start(SHORT, BoundedHttpServerTest::hello);
        RawClient c = client(null).send("GET /a HTTP/1.1\r\n\r\nHEAD /b HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\n\r\n");
        assertThat(c.answer(PATIENCE, true).text()).isEqualTo("hello /a\n");
        RawClient.Answer head = c.answer(PATIENCE, false);
        assertThat(head.headers().get("content-length")).isEqualTo("9");
        // Had HEAD's body been sent, this answer would start inside it.
        assertThat(c.answer(PATIENCE, true).text()).isEqualTo("hello /c\n");
        long idleFrom = System.nanoTime();
        assertThat(c.closedByServerWithin(PATIENCE)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - idleFrom)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(log).isEmpty();
    }

    @Test
    void aRequestWithABodyOrAskingToCloseIsAnsweredAndClosed() throws Exception {
        start(SHORT, BoundedHttpServerTest::hello);
        for (String request : List.of("GET /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", "GET /x HTTP/1.0\r\n\r\n",
                "GET /x HTTP/1.1\r\nConnection: close\r\n\r\n")) {
            RawClient c = client(null).send(request);
            RawClient.Answer a = c.answer(PATIENCE, true);
            assertThat(a.headers().get("connection")).as(request).isEqualTo("close");
            assertThat(c.closedByServerWithin(Duration.ofMillis(200))).as(request).isTrue();
        }
    }

    @Test
    void whenEveryConnectionIsBeingAnsweredANewOneIsRefusedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch working = new CountDownLatch(8);
        start(SHORT, h -> {
            working.countDown();
            awaitUninterruptibly(release);
            return hello(h);
        });
        List<RawClient> busy = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            busy.add(client("127.0.5." + (i / 4 + 1)).send("GET /slow HTTP/1.1\r\n\r\n"));
        }
        assertThat(working.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        RawClient.Answer perClient = client("127.0.5.1").answer(PATIENCE, true);
        assertThat(perClient.status()).isEqualTo(503);
        assertThat(perClient.text()).isEqualTo("daxscope exporter: 127.0.5.1 has 4 connections open, the most one client may have;"
                + " try again later\n");
        RawClient.Answer total = client("127.0.5.3").answer(PATIENCE, true);
        assertThat(total.status()).isEqualTo(503);
        assertThat(total.text()).contains("8 connections are open, the most this server takes");
        release.countDown();
        for (RawClient c : busy) {
            assertThat(c.answer(PATIENCE, true).text()).isEqualTo("hello /slow\n");
        }
        assertThat(log.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).startsWith("refused a connection: 127.0.5.1 has 4");
        assertThat(log).as("the second refusal within a minute is only counted").isEmpty();
    }

    @Test
    void whenAllConnectionsAreTakenTheOneWaitingLongestMakesRoom() throws Exception {
        start(SHORT, BoundedHttpServerTest::hello);
        List<RawClient> waiting = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waiting.add(client("127.0.6." + (i + 1)).send("GET /wai"));
        }
        // A connection whose thread has not started yet is not chosen to make room: on a busy machine the
        // late client is told to try again (503) until the eight wait, as a scraper honouring Retry-After would.
        long giveUp = System.nanoTime() + PATIENCE.toNanos();
        String answered;
        do {
            answered = client("127.0.6.100").send("GET /late HTTP/1.1\r\n\r\n").answer(PATIENCE, true).text();
        } while (answered.endsWith("try again later\n") && System.nanoTime() < giveUp);
        assertThat(answered).isEqualTo("hello /late\n");
        assertThat(waiting.getFirst().closedByServerWithin(PATIENCE)).isTrue();
        assertThat(waiting.get(1).send("t HTTP/1.1\r\n\r\n").answer(PATIENCE, true).text()).isEqualTo("hello /wait\n");
    }

    @Test
    void aClientResettingBeforeItsAnswerIsOneLineInTheLog() throws Exception {
        CountDownLatch reset = new CountDownLatch(1);
        start(SHORT, h -> {
            awaitUninterruptibly(reset);
            return Response.text(200, "x".repeat(1 << 20));
        });
        client("127.0.7.1").send("GET /big HTTP/1.1\r\n\r\n").reset();
        reset.countDown();
        String line = log.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(line).startsWith("127.0.7.1 left before its answer was sent (").doesNotContain("\n").doesNotContain("\tat ");
    }

    @Test
    void aFailingHandlerIsAnswered500AndNotedOnOneLine() throws Exception {
        start(SHORT, h -> {
            throw new IllegalStateException("the machine's tree vanished");
        });
        RawClient.Answer a = client(null).send("GET /m HTTP/1.1\r\n\r\n").answer(PATIENCE, true);
        assertThat(a.status()).isEqualTo(500);
        assertThat(a.text()).doesNotContain("vanished");
        assertThat(log.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo("answering GET /m failed: java.lang.IllegalStateException: the machine's tree vanished");
    }

    @Test
    void closingEndsWaitingConnections() throws Exception {
        start(new Limits(16, 8, 4, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), 4096),
                BoundedHttpServerTest::hello);
        RawClient c = client(null).send("GET /a HTTP/1.1\r\n\r\n");
        assertThat(c.answer(PATIENCE, true).status()).isEqualTo(200);
        server.close();
        assertThat(c.closedByServerWithin(PATIENCE)).isTrue();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
