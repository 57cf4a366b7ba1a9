package dev.daxscope.serve;

import dev.daxscope.serve.http.RequestHead;
import dev.daxscope.serve.http.Response;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Scrape answers rendered from the current reading of the machine, one per kind of request
 * (format, encoding, filter): within the cache's interval a scrape storm, or a flood of requests
 * whose clients reset before the answer, costs one rendering per kind, not one per request.
 * Renderings take turns, one per core, so the carrier threads stay free to read new requests.
 */
final class RenderedScrapes {
    /** Kinds kept per reading; a client varying its headers past this gets fresh renderings, not more memory. */
    private static final int MAX_KINDS = 32;

    private final SnapshotCache cache;
    private final PrometheusScrapeHandler scraper;
    private final Semaphore rendering = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
    private final Map<List<String>, Response> answers = new HashMap<>();
    private MachineReading renderedFrom;

    RenderedScrapes(SnapshotCache cache, PrometheusScrapeHandler scraper) {
        this.cache = cache;
        this.scraper = scraper;
    }

    Response answer(RequestHead head) {
        MachineReading reading = cache.reading();
        List<String> kind = List.of(String.valueOf(head.query()), String.join("\n", head.values("Accept")),
                String.join("\n", head.values("Accept-Encoding")));
        synchronized (this) {
            Response known = reading == renderedFrom ? answers.get(kind) : null;
            if (known != null) {
                return known;
            }
        }
        Response fresh;
        rendering.acquireUninterruptibly();
        try {
            // The collector asks the cache again: the same reading, or a newer one if the interval
            // just ended; either way the answer is never older than the reading it is kept under.
            fresh = ScrapeExchange.answer(scraper, head);
        } finally {
            rendering.release();
        }
        synchronized (this) {
            if (reading != renderedFrom) {
                answers.clear();
                renderedFrom = reading;
            }
            if (answers.size() < MAX_KINDS) {
                answers.put(kind, fresh);
            }
        }
        return fresh;
    }
}
