package dev.daxscope.serve;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side of {@code daxscope serve}: {@code /metrics} (Prometheus text, or OpenMetrics when
 * the scraper asks for it), {@code /-/healthy}, and a short page at {@code /}. GET only; nothing
 * it serves can change the machine.
 */
public final class Exporter implements AutoCloseable {
    private final HTTPServer server;
    private final ListenAddress address;

    private Exporter(HTTPServer server, ListenAddress address) {
        this.server = server;
        this.address = address;
    }

    /** Thrown when the address cannot be listened on; its message is one line for the user. */
    public static final class ListenFailure extends Exception {
        ListenFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Starts serving {@code cache}'s machine on {@code listen}. */
    public static Exporter start(SnapshotCache cache, ListenAddress listen) throws ListenFailure {
        InetAddress address;
        try {
            address = InetAddress.getByName(listen.host());
        } catch (UnknownHostException e) {
            throw new ListenFailure("cannot listen on " + listen + ": unknown host " + listen.host(), e);
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new DaxMetrics(cache));
        byte[] page = ("daxscope exporter: metrics at /metrics, health at /-/healthy\n").getBytes(StandardCharsets.UTF_8);
        try {
            HTTPServer server = HTTPServer.builder().inetAddress(address).port(listen.port()).registry(registry)
                    .defaultHandler(exchange -> {
                        String path = exchange.getRequestURI().getPath();
                        // Everything else is a typo; a 200 with an index page would look like an
                        // empty scrape to a mistyped Prometheus target.
                        boolean index = path.equals("/");
                        byte[] body = index ? page
                                : ("daxscope exporter: nothing at " + path + "; metrics at /metrics, health at /-/healthy\n")
                                        .getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                        exchange.sendResponseHeaders(index ? 200 : 404, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    }).buildAndStart();
            return new Exporter(server, new ListenAddress(listen.host(), server.getPort()));
        } catch (BindException e) {
            throw new ListenFailure("cannot listen on " + listen + ": " + bindReason(e), e);
        } catch (IOException | RuntimeException e) {
            throw new ListenFailure("cannot listen on " + listen + ": " + e.getMessage(), e);
        }
    }

    private static String bindReason(BindException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("in use")) {
            return "the port is in use by another program";
        }
        if (m.contains("assign")) {
            return "no interface of this machine has that address";
        }
        if (m.contains("permission")) {
            return "ports below 1024 need root or CAP_NET_BIND_SERVICE";
        }
        return e.getMessage();
    }

    /** The address served, with the port actually bound (port 0 asks for any free one). */
    public ListenAddress address() {
        return address;
    }

    @Override
    public void close() {
        server.close();
    }
}
