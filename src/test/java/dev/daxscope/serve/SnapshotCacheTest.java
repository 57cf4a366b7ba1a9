package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.SimulatedSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A scrape storm reads the machine once per minimum interval; scrapes in between get that read. */
class SnapshotCacheTest {

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
