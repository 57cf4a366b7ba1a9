package dev.daxscope.serve;

import dev.daxscope.serve.http.RequestHead;
import dev.daxscope.serve.http.Response;
import dev.daxscope.source.DaxSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code serve --share-state}: the machine's state for a remote inspector, read-only, as JSON in
 * the versioned format of docs/fleet.md. {@code /api/v1/state} is the reading the metrics come
 * from (regions, devices, memory blocks, processes and their device-DAX mappings, NUMA nodes and
 * tiers, DAMON), rendered once per reading; {@code /api/v1/events?since=N} the fault, zap and
 * signal events from sequence N; {@code /api/v1/pagemap?device=D&cells=C[&from=F&to=T]} a
 * device's present pages folded into cells. One answer is worked on at a time, so remote
 * inspectors take at most one core whatever their number, and the scrapes keep the others.
 */
final class SharedState {
    static final String PREFIX = "/api/v1/";
    /** The format's version: a client refuses a document whose version it does not know. */
    static final int VERSION = 1;
    private static final int MAX_EVENTS = 1 << 16;
    private static final int MAX_CELLS = 1 << 16;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SnapshotCache cache;
    private final DaxSource source;
    private final Semaphore working = new Semaphore(1, true);
    private MachineReading renderedFrom;
    private byte[] rendered;

    SharedState(SnapshotCache cache) {
        this.cache = cache;
        this.source = cache.source();
    }

    /** The answer to a GET or HEAD of a path under {@link #PREFIX}. */
    Response answer(RequestHead head) {
        Map<String, String> query;
        try {
            query = query(head.query());
        } catch (IllegalArgumentException e) {
            return Response.text(400, "daxscope exporter: " + e.getMessage() + "\n");
        }
        working.acquireUninterruptibly();
        try {
            return switch (head.path().substring(PREFIX.length())) {
                case "state" -> json(state());
                case "events" -> json(events(number(query, "since", 0), (int) Math.min(MAX_EVENTS, number(query, "max", MAX_EVENTS))));
                case "pagemap" -> json(pageMap(query));
                default -> Response.text(404, "daxscope exporter: nothing at " + head.pathExcerpt()
                        + "; the shared state is at " + PREFIX + "state, events and pagemap\n");
            };
        } catch (IllegalArgumentException e) {
            return Response.text(400, "daxscope exporter: " + e.getMessage() + "\n");
        } finally {
            working.release();
        }
    }

    private byte[] state() {
        MachineReading reading = cache.reading();
        if (reading != renderedFrom) {
            Map<String, Object> doc = header("daxscope-state");
            doc.put("source", source.name());
            doc.put("simulated", source.simulated());
            doc.put("changes", source.changes());
            doc.put("readSeconds", reading.readSeconds());
            doc.put("sequence", reading.sequence());
            doc.put("snapshot", reading.snapshot());
            doc.put("topology", reading.topology());
            doc.put("damon", reading.damon());
            rendered = JSON.writeValueAsBytes(doc);
            renderedFrom = reading;
        }
        return rendered;
    }

    private byte[] events(long since, int max) {
        if (since < 0 || max < 1) {
            throw new IllegalArgumentException("since must be 0 or more and max 1 or more");
        }
        DaxSource.EventBatch batch = source.events(since, max);
        Map<String, Object> doc = header("daxscope-events");
        doc.put("events", batch.events());
        doc.put("dropped", batch.dropped());
        doc.put("next", batch.nextSeq());
        return JSON.writeValueAsBytes(doc);
    }

    private byte[] pageMap(Map<String, String> query) {
        String device = query.get("device");
        if (device == null || !device.matches("dax\\d{1,9}\\.\\d{1,9}")) {
            throw new IllegalArgumentException("pagemap needs device=daxN.M");
        }
        long cells = number(query, "cells", 256);
        if (cells < 1 || cells > MAX_CELLS) {
            throw new IllegalArgumentException("cells must be between 1 and " + MAX_CELLS);
        }
        Map<String, Object> doc = header("daxscope-pagemap");
        doc.put("pagemap", source.pageMap(device, number(query, "from", 0), number(query, "to", Long.MAX_VALUE), (int) cells));
        return JSON.writeValueAsBytes(doc);
    }

    private static Map<String, Object> header(String format) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", format);
        doc.put("version", VERSION);
        doc.put("readAt", System.currentTimeMillis());
        return doc;
    }

    private static Response json(byte[] body) {
        return new Response(200, List.of(Map.entry("Content-Type", "application/json")), body);
    }

    private static long number(Map<String, String> query, String name, long absent) {
        String v = query.get(name);
        if (v == null) {
            return absent;
        }
        if (!v.matches("\\d{1,19}")) {
            throw new IllegalArgumentException(name + " is not a number");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is too large");
        }
    }

    private static Map<String, String> query(String text) {
        Map<String, String> out = new HashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
