package dev.daxscope.serve;

import dev.daxscope.serve.http.RequestHead;
import dev.daxscope.serve.http.Response;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Scrape answers rendered from the current reading of the machine, one per kind of request
 * (format, encoding, filter): within the cache's interval a scrape storm, or a flood of requests
 * whose clients reset before the answer, costs one rendering per kind, not one per request.
 * Scrapes that want a rendering under way wait for it instead of rendering again. Renderings run
 * on a pool of platform threads, one per core, so the carrier threads of the connections stay
 * free to read new requests (and a platform thread's writer starts with a full-size buffer, where
 * a virtual thread's grows by copying).
 */
final class RenderedScrapes implements AutoCloseable {
    /** Kinds kept per reading; a client varying its headers past this gets fresh renderings, not more memory. */
    private static final int MAX_KINDS = 32;

    private final SnapshotCache cache;
    private final ExecutorService renderers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
            Thread.ofPlatform().name("daxscope-serve-render-", 0).daemon().factory());
    /** The newest reading rendered so far, with its answers by kind. */
    private Rendering newest;

    private record Rendering(MachineReading reading, PrometheusScrapeHandler handler,
                             Map<List<String>, CompletableFuture<Response>> answers) {
        static Rendering of(MachineReading reading) {
            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register(new DaxMetrics(reading));
            return new Rendering(reading, new PrometheusScrapeHandler(PrometheusProperties.get(), registry), new HashMap<>());
        }
    }

    RenderedScrapes(SnapshotCache cache) {
        this.cache = cache;
    }

    Response answer(RequestHead head) {
        MachineReading reading = cache.reading();
        List<String> kind = List.of(String.valueOf(head.query()), String.join("\n", head.values("Accept")),
                String.join("\n", head.values("Accept-Encoding")));
        CompletableFuture<Response> answer;
        synchronized (this) {
            if (newest == null || reading.sequence() > newest.reading().sequence()) {
                newest = Rendering.of(reading);
            }
            // A scrape holding a reading older than the newest (it was slow to get here) renders
            // its own: never an answer newer than what it read, never a cache that goes backwards.
            Rendering rendering = newest.reading() == reading ? newest : Rendering.of(reading);
            answer = rendering.answers().get(kind);
            if (answer == null) {
                answer = CompletableFuture.supplyAsync(() -> ScrapeExchange.answer(rendering.handler(), head), renderers);
                if (rendering == newest && rendering.answers().size() < MAX_KINDS) {
                    rendering.answers().put(kind, answer);
                }
            }
        }
        try {
            return answer.join();
        } catch (CompletionException e) {
            forget(reading, kind);
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** A rendering that failed is not kept: the next scrape of that kind tries again. */
    private synchronized void forget(MachineReading reading, List<String> kind) {
        if (newest != null && newest.reading() == reading) {
            newest.answers().remove(kind);
        }
    }

    @Override
    public void close() {
        renderers.shutdownNow();
    }
}
