package dev.daxscope.serve.http;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One line per interval for a kind of event that a client can cause at will (resets, refused
 * connections): the first is written at once, the ones after it within the interval are only
 * counted, and the next line says how many there were. A client cannot fill the log.
 */
public final class RateLimitedLog {
    private final Consumer<String> sink;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private boolean written;
    private long lastWrittenAt;
    private long unwritten;

    public RateLimitedLog(Consumer<String> sink, Duration interval, LongSupplier nanoClock) {
        this.sink = sink;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Writes {@code line}, or counts it when a line was written less than the interval ago. */
    public void note(String line) {
        String out;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (written && now - lastWrittenAt < intervalNanos) {
                unwritten++;
                return;
            }
            out = unwritten == 0 ? line : line + " (and " + unwritten + " more like it since the last such line)";
            written = true;
            lastWrittenAt = now;
            unwritten = 0;
        }
        sink.accept(out);
    }
}
