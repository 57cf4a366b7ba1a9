package dev.daxscope.serve.http;

import java.time.Duration;

/**
 * What clients may hold of a {@link BoundedHttpServer}, one client (an IP address) and all of them
 * together, and how long each step of a request may take. Every bound keeps a slow or hostile
 * client from taking what a scrape needs.
 *
 * @param backlog the listen queue: connections the kernel completes before the server accepts them
 * @param connections connections open at once, all clients together; more are answered 503
 * @param connectionsPerClient connections open at once from one IP address; more are answered 503
 * @param headDeadline time from a request's first byte (or from the connection's start) to its last header
 * @param idleTimeout time a kept-alive connection may wait for its next request
 * @param answerDeadline time for an answer to be taken by the client
 * @param maxHeadBytes size of a request's line and headers together
 */
public record Limits(int backlog, int connections, int connectionsPerClient, Duration headDeadline,
        Duration idleTimeout, Duration answerDeadline, int maxHeadBytes) {
    /**
     * The exporter's bounds. A Prometheus server holds one connection per target; 64 per client
     * lets a scrape storm from one host in. 1024 in total (a connection costs a file descriptor
     * and some 20 KiB) holds 200 slow clients, a storm and hundreds of requests whose clients
     * reset while they wait for their turn to render. The backlog is capped by net.core.somaxconn
     * (4096 since Linux 5.4, 128 before it).
     */
    public static final Limits DEFAULT = new Limits(1024, 1024, 64, Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofSeconds(30), 16 * 1024);

    public Limits {
        if (backlog < 1 || connections < 1 || connectionsPerClient < 1 || connectionsPerClient > connections) {
            throw new IllegalArgumentException("limits must be positive, per client at most in total: " + this);
        }
        if (headDeadline.isNegative() || headDeadline.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()
                || answerDeadline.isNegative() || answerDeadline.isZero()) {
            throw new IllegalArgumentException("deadlines must be positive: " + this);
        }
        if (maxHeadBytes < 256) {
            throw new IllegalArgumentException("a request head needs at least 256 bytes: " + this);
        }
    }
}
