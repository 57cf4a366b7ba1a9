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
    private enum State {
        /** Accepted, its thread not yet running: no deadline, since a busy server is not the client's fault. */
        STARTING,
        WAITING_FOR_REQUEST,
        /** The server works on an answer: no deadline (a slow read of the machine is not the client's fault). */
        WORKING,
        ANSWERING
    }

    private final Socket socket;
    private final InetAddress client;
    private volatile State state = State.STARTING;
    private volatile long deadline;
    private volatile long waitingSince = System.nanoTime();
    private volatile boolean expired;

    Connection(Socket socket) {
        this.socket = socket;
        this.client = socket.getInetAddress();
    }

    Socket socket() {
        return socket;
    }

    InetAddress client() {
        return client;
    }

    /** From now on the connection waits for the client's request, for at most {@code limit}. */
    void awaitRequest(Duration limit) {
        long now = System.nanoTime();
        if (state != State.WAITING_FOR_REQUEST && state != State.STARTING) {
            waitingSince = now;
        }
        deadline = now + limit.toNanos();
        state = State.WAITING_FOR_REQUEST;
    }

    /** From now on the client has at most {@code limit} to take the answer. */
    void answerWithin(Duration limit) {
        deadline = System.nanoTime() + limit.toNanos();
        state = State.ANSWERING;
    }

    void working() {
        state = State.WORKING;
    }

    /** Whether the client was taking the answer when the connection failed. */
    boolean answering() {
        return state == State.ANSWERING;
    }

    /**
     * Whether the connection waits for its client's request: it may make room for another. One
     * whose thread has not started yet has not had its chance, so it is not chosen.
     */
    boolean waitingForRequest() {
        return state == State.WAITING_FOR_REQUEST;
    }

    /** Since when it has been waiting for its request (accept, idle wait and head together). */
    long waitingSince() {
        return waitingSince;
    }

    /** Ends the connection if it waits for its client and the deadline has passed at {@code now}. */
    void expireIfLate(long now) {
        State s = state;
        if ((s == State.WAITING_FOR_REQUEST || s == State.ANSWERING) && now - deadline > 0) {
            expire();
        }
    }

    /** Ends the connection: whatever reads or writes on it fails at once. */
    void expire() {
        expired = true;
        close();
    }

    /** Whether the connection was ended by its deadline, to make room, or by the server's close, rather than by the client. */
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
