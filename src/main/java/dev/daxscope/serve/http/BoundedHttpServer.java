package dev.daxscope.serve.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * A small HTTP/1.1 server that a slow or hostile client cannot starve (see {@link Limits}): one
 * virtual thread per connection, so a connection that waits costs a few kilobytes and no worker;
 * a deadline on every wait for the client; a bound on connections per IP address and in total,
 * past which the connection waiting longest for a request makes room, or, when every connection
 * is being answered, the new one is answered 503 and closed at once; a listen queue a burst fits in.
 * Clients resetting or refused are noted in the log at most once a minute per kind.
 */
public final class BoundedHttpServer implements AutoCloseable {
    private static final Duration NOTE_INTERVAL = Duration.ofMinutes(1);
    /** How long the accept loop waits after accept failed (no file descriptor left) before trying again. */
    private static final Duration ACCEPT_BACKOFF = Duration.ofMillis(50);
    /** The first byte of every TLS connection: a handshake record (RFC 8446 5.1). */
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    private final ServerSocket listener;
    private final Limits limits;
    private final Handler handler;
    private final RateLimitedLog resets;
    private final RateLimitedLog refusals;
    private final RateLimitedLog failures;
    private final RateLimitedLog evictions;
    private final RateLimitedLog handshakes;
    /** Null: plain HTTP. */
    private final TlsSettings tls;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /** The open connections of each client; changed by the accept thread, and by a connection's own thread as it ends. */
    private final Map<InetAddress, Set<Connection>> byClient = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper;
    private final Thread acceptor;
    private volatile boolean closing;

    private BoundedHttpServer(ServerSocket listener, Limits limits, Handler handler, Consumer<String> log, TlsSettings tls) {
        this.listener = listener;
        this.tls = tls;
        this.handshakes = new RateLimitedLog(log, NOTE_INTERVAL, System::nanoTime);
        this.limits = limits;
        this.handler = handler;
        this.resets = new RateLimitedLog(log, NOTE_INTERVAL, System::nanoTime);
        this.refusals = new RateLimitedLog(log, NOTE_INTERVAL, System::nanoTime);
        this.failures = new RateLimitedLog(log, NOTE_INTERVAL, System::nanoTime);
        this.evictions = new RateLimitedLog(log, NOTE_INTERVAL, System::nanoTime);
        this.reaper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("daxscope-serve-deadlines").daemon().factory());
        long tick = reaperTick(limits).toNanos();
        reaper.scheduleAtFixedRate(this::endLateConnections, tick, tick, TimeUnit.NANOSECONDS);
        this.acceptor = Thread.ofPlatform().name("daxscope-serve-accept").daemon().start(this::acceptLoop);
    }

    /**
     * Listens on {@code address} and answers with {@code handler}; {@code log} gets the notes,
     * one line each. BindException when the address cannot be listened on.
     */
    public static BoundedHttpServer start(InetSocketAddress address, Limits limits, Handler handler, Consumer<String> log)
            throws IOException {
        return start(address, limits, handler, log, null);
    }

    /** The same, speaking TLS with {@code tls} (plain HTTP when null). */
    public static BoundedHttpServer start(InetSocketAddress address, Limits limits, Handler handler, Consumer<String> log,
                                          TlsSettings tls) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(address, limits.backlog());
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        return new BoundedHttpServer(listener, limits, handler, log, tls);
    }

    /** The port listened on (the one picked when port 0 was asked for). */
    public int port() {
        return listener.getLocalPort();
    }

    /** A fifth of the shortest deadline, so a deadline is kept to within 20 %; 10 ms to 250 ms. */
    private static Duration reaperTick(Limits limits) {
        Duration shortest = limits.headDeadline();
        for (Duration d : new Duration[] {limits.idleTimeout(), limits.answerDeadline()}) {
            shortest = d.compareTo(shortest) < 0 ? d : shortest;
        }
        Duration fifth = shortest.dividedBy(5);
        return fifth.compareTo(Duration.ofMillis(10)) < 0 ? Duration.ofMillis(10)
                : fifth.compareTo(Duration.ofMillis(250)) > 0 ? Duration.ofMillis(250) : fifth;
    }

    private void endLateConnections() {
        long now = System.nanoTime();
        for (Connection c : open) {
            c.expireIfLate(now);
        }
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                admit(listener.accept());
            } catch (IOException e) {
                if (closing) {
                    return;
                }
                failures.note("cannot accept a connection: " + e.getMessage());
                LockSupport.parkNanos(ACCEPT_BACKOFF.toNanos());
            }
        }
    }

    /**
     * Serves the connection on its own virtual thread. When its client (or everyone) has as many
     * connections as allowed, the one that has waited longest for a request is ended to make
     * room: a slow client then cannot lock out a scraper on the same address. When none waits,
     * all being answered, the new connection is answered 503 at once.
     */
    private void admit(Socket socket) {
        Connection c = new Connection(socket);
        String who = c.client().getHostAddress();
        Set<Connection> mine = byClient.getOrDefault(c.client(), Set.of());
        String full = mine.size() >= limits.connectionsPerClient()
                ? who + " has " + limits.connectionsPerClient() + " connections open, the most one client may have"
                : open.size() >= limits.connections() ? limits.connections() + " connections are open, the most this server takes"
                : null;
        if (full != null && !makeRoom(mine.size() >= limits.connectionsPerClient() ? mine : open)) {
            refusals.note("refused a connection: " + full);
            try (c) {
                // A few hundred bytes into a new connection's empty send buffer: this write does not block.
                Response.text(503, "daxscope exporter: " + full + "; try again later\n", "Retry-After", "1")
                        .writeTo(socket.getOutputStream(), true, true);
            } catch (IOException gone) {
                // The client left already; it was being refused anyway.
            }
            return;
        }
        byClient.compute(c.client(), (client, set) -> {
            Set<Connection> now = set == null ? ConcurrentHashMap.newKeySet() : set;
            now.add(c);
            return now;
        });
        open.add(c);
        if (closing) {
            c.expire();
        }
        Thread.ofVirtual().name("daxscope-serve-" + who).start(() -> {
            try {
                converse(c);
            } finally {
                release(c);
            }
        });
    }

    /** Ends the connection of {@code among} that has waited longest for a request; false when none waits. */
    private boolean makeRoom(Set<Connection> among) {
        Connection oldest = null;
        for (Connection c : among) {
            if (c.waitingForRequest() && (oldest == null || c.waitingSince() - oldest.waitingSince() < 0)) {
                oldest = c;
            }
        }
        if (oldest == null) {
            return false;
        }
        evictions.note("ended a connection of " + oldest.client().getHostAddress() + " that had waited "
                + (System.nanoTime() - oldest.waitingSince()) / 1_000_000 + " ms for a request, to make room for a new one");
        oldest.expire();
        release(oldest);
        return true;
    }

    /** Forgets the connection (it may already be forgotten: ended to make room). */
    private void release(Connection c) {
        open.remove(c);
        byClient.computeIfPresent(c.client(), (client, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }

    /** Answers the connection's requests until it ends, one at a time (kept alive when the client asks). */
    private void converse(Connection c) {
        try (c) {
            Socket socket = c.socket();
            if (tls != null) {
                socket = secure(c);
                if (socket == null) {
                    return;
                }
            }
            InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            for (boolean first = true; ; first = false) {
                if (!first) {
                    c.awaitRequest(limits.idleTimeout());
                    if (!nextByteArrives(in)) {
                        return;
                    }
                }
                c.awaitRequest(limits.headDeadline());
                RequestHead head;
                try {
                    head = RequestHead.read(in, limits.maxHeadBytes());
                } catch (HttpError e) {
                    c.answerWithin(limits.answerDeadline());
                    Response.text(e.status(), "daxscope exporter: " + e.getMessage() + "\n").writeTo(out, true, true);
                    return;
                }
                if (head == null) {
                    return;
                }
                c.working();
                Response answer = answer(head);
                boolean keep = head.keepAlive() && !head.hasBody() && !closing;
                c.answerWithin(limits.answerDeadline());
                answer.writeTo(out, !head.method().equals("HEAD"), !keep);
                if (!keep) {
                    return;
                }
            }
        } catch (IOException e) {
            if (c.answering() && !c.expired()) {
                resets.note(c.client().getHostAddress() + " left before its answer was sent (" + e.getMessage() + ")");
            }
            // Otherwise the client went away between requests, or its deadline ended it: nothing to tell.
        }
    }

    /**
     * The connection with TLS layered on, its handshake done within the head deadline; null when
     * the client spoke plain HTTP (it is told to use https, as Go's servers tell it) or the
     * handshake failed (a certificate the client CAs did not sign, none where one is required).
     */
    private Socket secure(Connection c) throws IOException {
        c.awaitRequest(limits.headDeadline());
        InputStream raw = c.socket().getInputStream();
        int first = raw.read();
        if (first < 0) {
            return null;
        }
        if (first != TLS_HANDSHAKE_RECORD) {
            c.answerWithin(limits.answerDeadline());
            Response.text(400, "daxscope exporter: this server speaks HTTPS only; use an https:// address\n")
                    .writeTo(c.socket().getOutputStream(), true, true);
            return null;
        }
        SSLSocket s = (SSLSocket) tls.context().getSocketFactory()
                .createSocket(c.socket(), new ByteArrayInputStream(new byte[] {(byte) first}), true);
        s.setUseClientMode(false);
        s.setEnabledProtocols(tls.protocols());
        if (tls.needClientCert()) {
            s.setNeedClientAuth(true);
        } else if (tls.wantClientCert()) {
            s.setWantClientAuth(true);
        }
        try {
            s.startHandshake();
            return s;
        } catch (SSLException e) {
            if (!c.expired()) {
                handshakes.note("TLS handshake with " + c.client().getHostAddress() + " failed: " + e.getMessage());
            }
            return null;
        }
    }

    private static boolean nextByteArrives(InputStream in) throws IOException {
        in.mark(1);
        int b = in.read();
        in.reset();
        return b >= 0;
    }

    private Response answer(RequestHead head) {
        try {
            return handler.answer(head);
        } catch (RuntimeException e) {
            failures.note("answering " + head.method() + " " + head.pathExcerpt() + " failed: " + e);
            return Response.text(500, "daxscope exporter: answering failed; the exporter's log says why\n");
        }
    }

    /** Stops listening and ends every connection; answers being written are cut off. */
    @Override
    public void close() {
        closing = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // Closing is all that was asked; a listener that fails to close is closed as far as it goes.
        }
        reaper.shutdownNow();
        for (Connection c : open) {
            c.expire();
        }
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
