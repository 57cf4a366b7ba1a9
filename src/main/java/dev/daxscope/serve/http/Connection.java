package dev.daxscope.serve.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * One accepted connection and the deadline of what it waits for now: the request head, the next
 * request, or the client taking the answer. The server's reaper ends it when the deadline passes,
 * which unblocks whichever read or write was waiting; a connection that waits for a request can
 * also be ended early to make room for a new one.
 */
final class Connection implements AutoCloseable {
    private final Socket socket;
    private final InetAddress client;
    private volatile boolean timed;
    private volatile long deadline;
    private volatile boolean expired;
    private volatile boolean answering;
    private volatile long waitingSince = System.nanoTime();

    /** A connection just accepted, which has {@code headDeadline} to send its first request. */
    Connection(Socket socket, Duration headDeadline) {
        this.socket = socket;
        this.client = socket.getInetAddress();
        waitAtMost(headDeadline, false);
    }

    Socket socket() {
        return socket;
    }

    InetAddress client() {
        return client;
    }

    /** From now on the connection waits for the client, for at most {@code limit}. */
    void waitAtMost(Duration limit, boolean forTheAnswer) {
        long now = System.nanoTime();
        if (!timed || answering) {
            waitingSince = now;
        }
        deadline = now + limit.toNanos();
        answering = forTheAnswer;
        timed = true;
    }

    /** Whether the connection waits for a request (its head, or the next one): it may make room for another. */
    boolean waitingForRequest() {
        return timed && !answering;
    }

    /** Since when it has been waiting for its request (both the idle wait and the head count). */
    long waitingSince() {
        return waitingSince;
    }

    /** The server works on an answer: no deadline meanwhile (a slow read of the machine is not the client's fault). */
    void working() {
        timed = false;
    }

    /** Whether the client was still taking the answer when the connection failed. */
    boolean answering() {
        return answering;
    }

    /** Ends the connection if its deadline has passed at {@code now}. */
    void expireIfLate(long now) {
        if (timed && now - deadline > 0) {
            expire();
        }
    }

    /** Ends the connection: whatever reads or writes on it fails at once. */
    void expire() {
        expired = true;
        close();
    }

    /** Whether the connection was ended by its deadline (or the server's close) rather than by the client. */
    boolean expired() {
        return expired;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // Closing a socket the peer reset can fail; it is closed either way.
        }
    }
}
