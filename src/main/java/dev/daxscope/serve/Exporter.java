package dev.daxscope.serve;

import dev.daxscope.serve.http.BoundedHttpServer;
import dev.daxscope.serve.http.Limits;
import dev.daxscope.serve.http.RequestHead;
import dev.daxscope.serve.http.Response;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.function.Consumer;

/**
 * The HTTP side of {@code daxscope serve}: {@code /metrics} (Prometheus text, or OpenMetrics when
 * the scraper asks for it), {@code /-/healthy}, a short page at {@code /}, and with
 * {@code --share-state} the machine's state under {@code /api/v1/} ({@link SharedState}); exactly
 * these paths, GET and HEAD only. Nothing it serves can change the machine. The transport is
 * {@link BoundedHttpServer}, which slow and hostile clients cannot starve; a {@link WebConfig}
 * adds TLS and basic authentication, for every path, as the Prometheus exporters do.
 */
public final class Exporter implements AutoCloseable {
    private static final String POINTER = "metrics at /metrics, health at /-/healthy\n";
    /** What the Prometheus client's own health handler said, kept so health checks need no change. */
    private static final String HEALTHY = "Exporter is healthy.\n";

    private final BoundedHttpServer server;
    private final RenderedScrapes scrapes;
    private final ListenAddress address;

    private Exporter(BoundedHttpServer server, RenderedScrapes scrapes, ListenAddress address) {
        this.server = server;
        this.scrapes = scrapes;
        this.address = address;
    }

    /** Thrown when the address cannot be listened on; its message is one line for the user. */
    public static final class ListenFailure extends Exception {
        ListenFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * What is served besides the metrics, and how: the machine's state (off unless asked for:
     * process names and mappings are sensitive), and the web configuration's TLS and users.
     */
    public record Options(boolean shareState, WebConfig web) {
        public static final Options METRICS_ONLY = new Options(false, WebConfig.NONE);
    }

    /** Starts serving {@code cache}'s machine on {@code listen}; {@code log} gets one-line notes (clients resetting...). */
    public static Exporter start(SnapshotCache cache, ListenAddress listen, Consumer<String> log) throws ListenFailure {
        return start(cache, listen, Limits.DEFAULT, log, Options.METRICS_ONLY);
    }

    /** The same with {@code options}; the state is refused off loopback without TLS and authentication. */
    public static Exporter start(SnapshotCache cache, ListenAddress listen, Consumer<String> log, Options options)
            throws ListenFailure {
        return start(cache, listen, Limits.DEFAULT, log, options);
    }

    static Exporter start(SnapshotCache cache, ListenAddress listen, Limits limits, Consumer<String> log) throws ListenFailure {
        return start(cache, listen, limits, log, Options.METRICS_ONLY);
    }

    static Exporter start(SnapshotCache cache, ListenAddress listen, Limits limits, Consumer<String> log, Options options)
            throws ListenFailure {
        InetAddress address;
        try {
            address = InetAddress.getByName(listen.host());
        } catch (UnknownHostException e) {
            throw new ListenFailure("cannot listen on " + listen + ": unknown host " + listen.host(), e);
        }
        WebConfig web = options.web();
        if (options.shareState() && !address.isLoopbackAddress() && (web.tls().isEmpty() || !web.authenticates())) {
            throw new ListenFailure("--share-state on " + listen + " (not loopback) needs TLS and authentication: give "
                    + "--web.config.file with tls_server_config and basic_auth_users or required client certificates "
                    + "(docs/fleet.md)", null);
        }
        dev.daxscope.serve.http.TlsSettings tls;
        try {
            tls = web.tls().isPresent() ? TlsFiles.settings(web.tls().get()) : null;
        } catch (WebConfig.Invalid e) {
            throw new ListenFailure(e.getMessage(), e);
        }
        RenderedScrapes scrapes = new RenderedScrapes(cache);
        Routes routes = new Routes(scrapes, options.shareState() ? new SharedState(cache) : null,
                web.users().isEmpty() ? null : new BasicAuth(web.users()));
        try {
            BoundedHttpServer server = BoundedHttpServer.start(new InetSocketAddress(address, listen.port()), limits,
                    routes::answer, log, tls);
            return new Exporter(server, scrapes, new ListenAddress(listen.host(), server.port()));
        } catch (BindException e) {
            scrapes.close();
            throw new ListenFailure("cannot listen on " + listen + ": " + bindReason(e), e);
        } catch (IOException | RuntimeException e) {
            scrapes.close();
            throw new ListenFailure("cannot listen on " + listen + ": " + e.getMessage(), e);
        }
    }

    /** What answers each path, and who may ask. */
    private record Routes(RenderedScrapes scrapes, SharedState shared, BasicAuth auth) {
        /** Exact paths only: a near miss ({@code /metricsfoo}, {@code /metrics/}) is a typo that should show, not an alias. */
        Response answer(RequestHead head) {
            if (auth != null && !auth.admits(head)) {
                return Response.text(401, "daxscope exporter: a user and password of the web configuration are needed\n",
                        "WWW-Authenticate", "Basic realm=\"daxscope\", charset=\"UTF-8\"");
            }
            String path = head.path();
            boolean state = shared != null && path.startsWith(SharedState.PREFIX);
            boolean known = state || path.equals("/metrics") || path.equals("/-/healthy") || path.equals("/");
            if (!known) {
                // A 200 with an index page would look like an empty scrape to a mistyped Prometheus target.
                return Response.text(404, "daxscope exporter: nothing at " + head.pathExcerpt() + "; " + POINTER);
            }
            if (!head.method().equals("GET") && !head.method().equals("HEAD")) {
                return Response.text(405, "daxscope exporter: " + head.pathExcerpt() + " answers GET and HEAD only\n",
                        "Allow", "GET, HEAD");
            }
            if (state) {
                return shared.answer(head);
            }
            return switch (path) {
                case "/metrics" -> scrapes.answer(head);
                case "/-/healthy" -> Response.text(200, HEALTHY);
                default -> Response.text(200, "daxscope exporter: " + POINTER);
            };
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
        scrapes.close();
    }
}
