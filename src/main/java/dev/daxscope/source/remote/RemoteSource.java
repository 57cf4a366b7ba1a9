package dev.daxscope.source.remote;

import dev.daxscope.model.Errno;
import dev.daxscope.model.FaultEvent;
import dev.daxscope.model.FolioInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MemoryTopology;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.damon.DamonState;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.PageMapSummary;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A machine seen through another host's {@code daxscope serve --share-state}: its state, events
 * and page maps, read over HTTP(S) at most once per refresh interval. Read-only: every action is
 * refused, since actions stay local to a machine. A lost connection keeps the last reading, says
 * so among the snapshot's warnings (with its age), and is retried at the next read.
 */
public final class RemoteSource implements DaxSource {
    /** The state format versions this client reads. */
    private static final int VERSION = 1;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final URI base;
    private final String authorization;
    private final HttpClient http;
    private volatile Duration interval = Duration.ofMillis(250);
    private State last;
    private long lastAttempt;
    private String lost;
    /** Counts the connection being lost and found again, so a window that polls {@link #generation()} shows either. */
    private long connectionChanges;

    /** One state document, and when it arrived (System.nanoTime). */
    private record State(MachineSnapshot snapshot, MemoryTopology topology, DamonState damon, long arrivedAt) {
    }

    /** Where the server is and who asks: basic-auth user and password (null: none), the CAs to trust (null: the JDK's). */
    public record Endpoint(URI base, String user, String password, SSLContext tls) {
    }

    /** The server could not be read; the message is one sentence for the person who asked. */
    public static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private RemoteSource(Endpoint endpoint) {
        this.base = endpoint.base();
        this.authorization = endpoint.user() == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((endpoint.user() + ":" + endpoint.password()).getBytes(StandardCharsets.UTF_8));
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
        if (endpoint.tls() != null) {
            b.sslContext(endpoint.tls());
        }
        this.http = b.build();
    }

    /** Connects and reads the state once; Unreachable says in one sentence why not (nothing is shown then). */
    public static RemoteSource connect(Endpoint endpoint) throws Unreachable {
        RemoteSource source = new RemoteSource(endpoint);
        try {
            source.last = source.fetchState();
        } catch (Unreachable e) {
            source.http.close();
            throw e;
        }
        return source;
    }

    private String host() {
        return base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
    }

    private JsonNode get(String pathAndQuery) throws Unreachable {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while reading " + host(), e);
        } catch (IOException e) {
            throw new Unreachable(explain(e), e);
        }
        switch (r.statusCode()) {
            case 200 -> {
            }
            case 401 -> throw new Unreachable(host() + " refused the user and password (401): check --user and the password", null);
            case 404 -> throw new Unreachable(host() + " does not share its state: start it with daxscope serve --share-state", null);
            case 400 -> throw new Unreachable(host() + " answered 400: " + firstLine(r.body()), null);
            default -> throw new Unreachable(host() + " answered " + r.statusCode() + ": " + firstLine(r.body()), null);
        }
        try {
            JsonNode doc = JSON.readTree(r.body());
            if (doc.path("version").asInt(-1) != VERSION) {
                throw new Unreachable(host() + " speaks state format version " + doc.path("version").asString("?")
                        + "; this daxscope reads version " + VERSION, null);
            }
            return doc;
        } catch (JacksonException e) {
            throw new Unreachable(host() + " sent something that is not daxscope's state JSON", e);
        }
    }

    /** One sentence for a failed connection: the cause a person can act on, not the exception's class. */
    private String explain(IOException e) {
        String message = String.valueOf(e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException h) {
                String m = String.valueOf(h.getMessage());
                if (m.contains("PKIX") || m.contains("certification path")) {
                    return host() + "'s certificate is not signed by a CA this machine trusts: give its CA with --cacert";
                }
                if (m.contains("No subject alternative") || m.contains("No name matching")) {
                    return host() + "'s certificate is not made out to that address: connect by a name or address it lists";
                }
                return "the TLS handshake with " + host() + " failed (" + m + "); a client certificate may be required";
            }
        }
        if (e instanceof HttpConnectTimeoutException || e instanceof HttpTimeoutException) {
            return host() + " did not answer within " + TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof ConnectException) {
            return "nothing answers at " + host() + " (is daxscope serve running there?)";
        }
        if (message.contains("HTTP/1.1 header parser") || message.contains("status line")) {
            return host() + " did not answer in HTTP: is it https:// (or http://) as the server was started?";
        }
        return "reading " + host() + " failed: " + message;
    }

    private State fetchState() throws Unreachable {
        JsonNode doc = get("/api/v1/state");
        try {
            return new State(JSON.treeToValue(doc.get("snapshot"), MachineSnapshot.class),
                    JSON.treeToValue(doc.get("topology"), MemoryTopology.class),
                    JSON.treeToValue(doc.get("damon"), DamonState.class), System.nanoTime());
        } catch (JacksonException | IllegalArgumentException e) {
            throw new Unreachable(host() + " sent a state this daxscope cannot read: " + firstLine(e.getMessage()), e);
        }
    }

    /** The last state, read again when it is older than the refresh interval; a failure keeps it and notes why. */
    private synchronized State state() {
        long now = System.nanoTime();
        if (now - lastAttempt >= interval.toNanos()) {
            lastAttempt = now;
            String before = lost;
            try {
                last = fetchState();
                lost = null;
            } catch (Unreachable e) {
                lost = e.getMessage();
            }
            if ((before == null) != (lost == null)) {
                connectionChanges++;
            }
        }
        return last;
    }

    @Override
    public String name() {
        return "remote " + host();
    }

    @Override
    public boolean writable() {
        return false;
    }

    /**
     * The remote machine's snapshot; while the connection is lost, the last one with a warning
     * naming the host, the cause and the reading's age (retried at every refresh).
     */
    @Override
    public MachineSnapshot snapshot() {
        State s = state();
        String why;
        synchronized (this) {
            why = lost;
        }
        if (why == null) {
            return s.snapshot();
        }
        MachineSnapshot m = s.snapshot();
        List<String> warnings = new ArrayList<>(m.warnings());
        warnings.addFirst("connection to " + host() + " lost (" + why + "); showing its reading of "
                + Duration.ofNanos(System.nanoTime() - s.arrivedAt()).toSeconds() + " s ago, retrying");
        return new MachineSnapshot(m.source(), m.kernel(), m.generation(), m.regions(), m.memory(), m.processes(), warnings,
                m.cxlRegions(), m.iomem());
    }

    /** Seconds since the last reading arrived. */
    public double ageSeconds() {
        return (System.nanoTime() - state().arrivedAt()) / 1e9;
    }

    @Override
    public MemoryTopology topology() {
        return state().topology();
    }

    @Override
    public DamonState damon() {
        return state().damon();
    }

    /** The remote machine's generation, moved on as well when the connection is lost or found (both only grow). */
    @Override
    public long generation() {
        State s = state();
        synchronized (this) {
            return s.snapshot().generation() + connectionChanges;
        }
    }

    @Override
    public Optional<FolioInfo> folio(String device, long pgoff) {
        return Optional.empty();
    }

    @Override
    public PageMapSummary pageMap(String device, long fromFolio, long toFolio, int cells) {
        try {
            JsonNode doc = get("/api/v1/pagemap?device=" + device + "&from=" + Math.max(0, fromFolio) + "&to=" + Math.max(0, toFolio)
                    + "&cells=" + cells);
            return JSON.treeToValue(doc.get("pagemap"), PageMapSummary.class);
        } catch (Unreachable | JacksonException e) {
            return PageMapSummary.unavailable(device, e.getMessage());
        }
    }

    @Override
    public EventBatch events(long from, int max) {
        try {
            JsonNode doc = get("/api/v1/events?since=" + Math.max(0, from) + "&max=" + Math.max(1, max));
            List<FaultEvent> events = new ArrayList<>();
            for (JsonNode e : doc.get("events")) {
                events.add(JSON.treeToValue(e, FaultEvent.class));
            }
            return new EventBatch(events, doc.path("dropped").asLong(0), doc.path("next").asLong(from));
        } catch (Unreachable | JacksonException e) {
            return new EventBatch(List.of(), 0, from);
        }
    }

    private String localOnly() {
        return "actions stay local to a machine: run daxscope on " + base.getHost() + " to change it";
    }

    @Override
    public ReadOutcome read(String path) {
        return new ReadOutcome("", Outcome.fail(Errno.EPERM, "", "sysfs files are not read over the network; " + localOnly()));
    }

    @Override
    public Outcome write(String path, String value) {
        return Outcome.fail(Errno.EPERM, "", localOnly());
    }

    @Override
    public Outcome daxctl(List<String> args) {
        return Outcome.fail(Errno.EPERM, "", localOnly());
    }

    @Override
    public void refreshEvery(Duration every) {
        interval = every;
    }

    @Override
    public Stats stats() {
        MachineSnapshot s = state().snapshot();
        long mapped = s.regions().stream().flatMap(r -> r.devices().stream()).mapToLong(MachineSnapshot.DeviceInfo::mappedFolios).sum();
        return new Stats(0, 0, 0, mapped, 0);
    }

    @Override
    public void close() {
        http.close();
    }

    private static String firstLine(String s) {
        String text = String.valueOf(s).strip();
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
