package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.serve.http.RequestHead;
import dev.daxscope.serve.http.Response;
import dev.daxscope.source.sim.SimulatedSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Scrape answers are rendered once per reading and kind of request, however many scrapes want one. */
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
            RenderedScrapes scrapes = new RenderedScrapes(cache);
            Response text = scrapes.answer(scrape(null));
            assertThat(scrapes.answer(scrape(null))).as("the same reading, the same kind").isSameAs(text);
            Response openMetrics = scrapes.answer(scrape(ServedMachine.OPENMETRICS));
            assertThat(openMetrics).isNotSameAs(text);
            assertThat(new String(openMetrics.body(), java.nio.charset.StandardCharsets.UTF_8)).endsWith("# EOF\n");
            assertThat(scrapes.answer(scrape(ServedMachine.OPENMETRICS))).isSameAs(openMetrics);
            clock.addAndGet(1_000);
            assertThat(scrapes.answer(scrape(null))).as("a new reading is rendered again").isNotSameAs(text);
            assertThat(cache.reads()).isEqualTo(2);
            scrapes.close();
        }
    }

    @Test
    void concurrentScrapesOfOneKindShareOneRendering() throws Exception {
        try (SimulatedSource machine = SimulatedSource.demo();
             ExecutorService scrapers = Executors.newVirtualThreadPerTaskExecutor()) {
            RenderedScrapes scrapes = new RenderedScrapes(new SnapshotCache(machine, Long.MAX_VALUE, System::nanoTime));
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                answers.add(scrapers.submit(() -> {
                    go.await();
                    return scrapes.answer(scrape(null));
                }));
            }
            go.countDown();
            Response first = answers.getFirst().get(1, TimeUnit.MINUTES);
            for (Future<Response> a : answers) {
                assertThat(a.get(1, TimeUnit.MINUTES)).isSameAs(first);
            }
            scrapes.close();
        }
    }
}
