package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.serve.http.RawClient;
import dev.daxscope.source.sim.SimulatedSource;
import java.net.URI;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code serve --share-state}: the machine's state as versioned JSON under /api/v1/, only when
 * asked for; without it the state path is 404 and the metrics are what they were.
 */
class SharedStateTest {
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static Exporter serve(SimulatedSource machine, boolean share) throws Exporter.ListenFailure {
        return Exporter.start(new SnapshotCache(machine, Long.MAX_VALUE, System::nanoTime), new ListenAddress("127.0.0.1", 0),
                System.err::println, new Exporter.Options(share, WebConfig.NONE));
    }

    private static String steady(String exposition) {
        return exposition.replaceAll("(?m)^daxscope_snapshot_read_seconds .*$", "");
    }

    @Test
    void withoutShareStateTheStateIsNotFoundAndTheMetricsAreTheSame() throws Exception {
        try (SimulatedSource machine = SimulatedSource.demo(); Exporter plain = serve(machine, false);
             Exporter sharing = serve(machine, true)) {
            URI p = URI.create("http://" + plain.address());
            URI s = URI.create("http://" + sharing.address());
            assertThat(RawClient.exchange(p, null, "GET", "/api/v1/state").status()).isEqualTo(404);
            assertThat(RawClient.exchange(s, null, "GET", "/api/v1/state").status()).isEqualTo(200);
            assertThat(steady(RawClient.exchange(s, null, "GET", "/metrics").text()))
                    .isEqualTo(steady(RawClient.exchange(p, null, "GET", "/metrics").text())).contains("daxscope_device_size_bytes");
        }
    }

    @Test
    void theStateIsTheMachinesSnapshotEventsAndPageMapsInVersionOne() throws Exception {
        try (SimulatedSource machine = SimulatedSource.demo(); Exporter sharing = serve(machine, true)) {
            URI s = URI.create("http://" + sharing.address());
            JsonNode state = JSON.readTree(RawClient.exchange(s, null, "GET", "/api/v1/state").text());
            assertThat(state.get("format").asString()).isEqualTo("daxscope-state");
            assertThat(state.get("version").asInt()).isEqualTo(1);
            assertThat(state.get("simulated").asBoolean()).isTrue();
            MachineSnapshot shared = JSON.treeToValue(state.get("snapshot"), MachineSnapshot.class);
            assertThat(shared).isEqualTo(machine.snapshot());
            assertThat(shared.processes()).extracting(MachineSnapshot.ProcessInfo::name).contains("db", "cache", "loader");

            JsonNode events = JSON.readTree(RawClient.exchange(s, null, "GET", "/api/v1/events?since=0").text());
            int all = machine.events(0, 1 << 16).events().size();
            assertThat(events.get("events").size()).isEqualTo(all).isPositive();
            assertThat(events.get("next").asLong()).isEqualTo(machine.events(0, 1 << 16).nextSeq());
            JsonNode later = JSON.readTree(RawClient.exchange(s, null, "GET", "/api/v1/events?since=" + (all - 3) + "&max=2").text());
            assertThat(later.get("events").size()).isEqualTo(2);

            JsonNode map = JSON.readTree(RawClient.exchange(s, null, "GET", "/api/v1/pagemap?device=dax0.1&cells=64").text());
            assertThat(map.get("pagemap").get("cells").asInt()).isEqualTo(64);
            assertThat(map.get("pagemap").get("maxMap").size()).isEqualTo(64);
        }
    }

    @Test
    void badStateRequestsGetTheStatusThatSaysWhy() throws Exception {
        try (SimulatedSource machine = SimulatedSource.demo(); Exporter sharing = serve(machine, true)) {
            URI s = URI.create("http://" + sharing.address());
            assertThat(RawClient.exchange(s, null, "GET", "/api/v1/events?since=abc").status()).isEqualTo(400);
            assertThat(RawClient.exchange(s, null, "GET", "/api/v1/pagemap").status()).isEqualTo(400);
            assertThat(RawClient.exchange(s, null, "GET", "/api/v1/pagemap?device=dax0.1&cells=9999999").status()).isEqualTo(400);
            assertThat(RawClient.exchange(s, null, "GET", "/api/v1/statex").status()).isEqualTo(404);
            assertThat(RawClient.exchange(s, null, "DELETE", "/api/v1/state").status()).isEqualTo(405);
        }
    }

    @Test
    void sharingStateOffLoopbackWithoutTlsAndAuthenticationIsRefused() throws Exception {
        try (SimulatedSource machine = SimulatedSource.demo()) {
            assertThatThrownBy(() -> Exporter.start(new SnapshotCache(machine, 0, System::nanoTime),
                    new ListenAddress("0.0.0.0", 0), System.err::println, new Exporter.Options(true, WebConfig.NONE)))
                    .isInstanceOf(Exporter.ListenFailure.class).hasMessageContaining("needs TLS and authentication");
        }
    }
}
