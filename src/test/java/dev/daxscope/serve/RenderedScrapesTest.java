package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.serve.http.RequestHead;
import dev.daxscope.serve.http.Response;
import dev.daxscope.source.sim.SimulatedSource;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RenderedScrapesTest {
    private static RequestHead scrape(String accept) {
        return new RequestHead("GET", "/metrics", "HTTP/1.1",
                accept == null ? List.of() : List.of(new RequestHead.Header("Accept", accept)));
    }

    @Test
    void oneReadingIsRenderedOncePerKindOfRequest() throws Exception {
        AtomicLong clock = new AtomicLong();
        try (SimulatedSource machine = SimulatedSource.demo()) {
            SnapshotCache cache = new SnapshotCache(machine, 1_000, clock::get);
            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register(new DaxMetrics(cache));
            RenderedScrapes scrapes = new RenderedScrapes(cache, new PrometheusScrapeHandler(PrometheusProperties.get(), registry));
            Response text = scrapes.answer(scrape(null));
            assertThat(scrapes.answer(scrape(null))).as("the same reading, the same kind").isSameAs(text);
            Response openMetrics = scrapes.answer(scrape(ServedMachine.OPENMETRICS));
            assertThat(openMetrics).isNotSameAs(text);
            assertThat(new String(openMetrics.body(), java.nio.charset.StandardCharsets.UTF_8)).endsWith("# EOF\n");
            assertThat(scrapes.answer(scrape(ServedMachine.OPENMETRICS))).isSameAs(openMetrics);
            clock.addAndGet(1_000);
            assertThat(scrapes.answer(scrape(null))).as("a new reading is rendered again").isNotSameAs(text);
            assertThat(cache.reads()).isEqualTo(2);
        }
    }
}
