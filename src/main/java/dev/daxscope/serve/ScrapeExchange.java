package dev.daxscope.serve;

import dev.daxscope.serve.http.RequestHead;
import dev.daxscope.serve.http.Response;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

/**
 * One scrape as the Prometheus client's scrape handler sees it: the request, and an answer it
 * writes into memory. The handler is the one its own HTTP server uses, so what it writes (format
 * by Accept, gzip by Accept-Encoding, {@code name[]} filters) is byte for byte what it wrote there.
 */
final class ScrapeExchange implements PrometheusHttpExchange {
    private final RequestHead head;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    private int status = 500;
    private RuntimeException failure;

    private ScrapeExchange(RequestHead head) {
        this.head = head;
    }

    /** {@code scraper}'s answer to {@code head} (a HEAD request gets a GET's headers; the server drops the body). */
    static Response answer(PrometheusScrapeHandler scraper, RequestHead head) {
        ScrapeExchange exchange = new ScrapeExchange(head);
        try {
            scraper.handleRequest(exchange);
        } catch (IOException e) {
            // Everything is written to memory: an IOException here is a bug, not a client gone.
            throw new UncheckedIOException(e);
        }
        if (exchange.failure != null) {
            throw exchange.failure;
        }
        return new Response(exchange.status, exchange.headers, exchange.body.toByteArray());
    }

    @Override
    public PrometheusHttpRequest getRequest() {
        return new PrometheusHttpRequest() {
            @Override
            public String getQueryString() {
                return head.query();
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return Collections.enumeration(head.values(name));
            }

            @Override
            public String getMethod() {
                // As GET, so the handler writes the body whose length a HEAD answer announces.
                return "GET";
            }

            @Override
            public String getRequestPath() {
                return head.path();
            }
        };
    }

    @Override
    public PrometheusHttpResponse getResponse() {
        return new PrometheusHttpResponse() {
            @Override
            public void setHeader(String name, String value) {
                // The server sets the length of the whole body itself.
                if (!name.equalsIgnoreCase("Content-Length")) {
                    headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
                    headers.add(Map.entry(name, value));
                }
            }

            @Override
            public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
                status = statusCode;
                return body;
            }
        };
    }

    @Override
    public void handleException(IOException e) throws IOException {
        throw e;
    }

    @Override
    public void handleException(RuntimeException e) {
        failure = e;
    }

    @Override
    public void close() {
        // Nothing to release: the answer is in memory until the server sends it.
    }
}
