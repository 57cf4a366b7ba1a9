package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A scrape storm reads the machine once per minimum interval; scrapes in between get that read,
 * and scrapes arriving during a read wait for that one read instead of each reading again.
 */
class SnapshotCacheTest {
    /** Bounds the wait for the scraping threads to block; generous for a loaded 2-core machine. */
    private static final java.time.Duration PATIENCE = java.time.Duration.ofSeconds(60);

    @Test
    void scrapesArrivingDuringAReadTakeThatReadInsteadOfQueueingTheirOwn() throws Exception {
        AtomicLong clock = new AtomicLong();
        long interval = 1_000;
        try (GatedSource machine = new GatedSource()) {
            SnapshotCache cache = new SnapshotCache(machine, interval, clock::get);
            java.util.concurrent.CompletableFuture<MachineReading> first = new java.util.concurrent.CompletableFuture<>();
            Thread reader = Thread.ofPlatform().start(() -> first.complete(cache.reading()));
            machine.awaitFirstSnapshot();
            // Every scrape from here on arrives when the last reading (none) is older than the interval.
            clock.addAndGet(10 * interval);
            List<java.util.concurrent.CompletableFuture<MachineReading>> got = new java.util.ArrayList<>();
            List<Thread> scrapers = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                java.util.concurrent.CompletableFuture<MachineReading> mine = new java.util.concurrent.CompletableFuture<>();
                got.add(mine);
                scrapers.add(Thread.ofPlatform().start(() -> mine.complete(cache.reading())));
            }
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            for (Thread t : scrapers) {
                while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.BLOCKED) {
                    assertThat(System.nanoTime() - deadline).as("scraper %s blocks while the read is under way", t).isNegative();
                    Thread.onSpinWait();
                }
            }
            machine.open(Integer.MAX_VALUE / 2);
            reader.join(PATIENCE);
            for (var f : got) {
                // Compared by sequence: a failure message printing two whole readings would be unreadable.
                assertThat(f.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).sequence())
                        .as("which read a scraper got").isEqualTo(first.get().sequence()).isEqualTo(1);
            }
            assertThat(machine.snapshotsTaken()).as("reads of the machine").isEqualTo(1);
            assertThat(cache.reads()).isEqualTo(1);
        }
    }

    @Test
    void scrapesWithinTheIntervalShareOneRead() throws Exception {
        AtomicLong clock = new AtomicLong();
        long interval = 5_000_000_000L;
        try (SimulatedSource machine = SimulatedSource.demo();
             HttpClient http = HttpClient.newHttpClient()) {
            SnapshotCache cache = new SnapshotCache(machine, interval, clock::get);
            try (Exporter exporter = Exporter.start(cache, new ListenAddress("127.0.0.1", 0), System.err::println)) {
                URI metrics = URI.create("http://" + exporter.address() + "/metrics");
                Map<String, String> seed = Map.of("device", "dax0.0", "region", "0", "mode", "devdax");
                for (int i = 0; i < 20; i++) {
                    assertThat(scrape(http, metrics).value("daxscope_device_size_bytes", seed)).contains(0.0);
                }
                assertThat(cache.reads()).isEqualTo(1);

                assertThat(machine.write("/sys/bus/dax/devices/dax0.0/size", "2097152").isOk()).isTrue();
                clock.addAndGet(interval - 1);
                assertThat(scrape(http, metrics).value("daxscope_device_size_bytes", seed))
                        .as("still the cached read").contains(0.0);
                clock.addAndGet(1);
                assertThat(scrape(http, metrics).value("daxscope_device_size_bytes", seed))
                        .as("read again once the interval has passed").contains(2097152.0);
                assertThat(cache.reads()).isEqualTo(2);
            }
        }
    }

    private static Exposition scrape(HttpClient http, URI metrics) throws Exception {
        return Exposition.parse(http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
