package dev.daxscope.sim;

import dev.daxscope.model.FaultEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded ring of fault/zap/signal events kept in primitive arrays, so recording costs a few
 * stores and no allocation. Writers claim a sequence number; a reader that falls more than the
 * capacity behind loses the oldest events and is told how many (the dropped-events counter).
 */
public final class EventRing {
    private static final java.lang.invoke.VarHandle SEQ =
            java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);

    private final int mask;
    private final long[] seqs;
    private final long[] nanos;
    private final byte[] kinds;
    private final int[] pids;
    private final long[] addresses;
    private final int[] devices;
    private final long[] pgoffs;
    private final long[] folios;
    private final byte[] levels;
    private final int[] results;
    private final AtomicLong next = new AtomicLong();
    private final List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean enabled = true;
    private final java.util.concurrent.atomic.LongAdder[] perKind = {
        new java.util.concurrent.atomic.LongAdder(), new java.util.concurrent.atomic.LongAdder(),
        new java.util.concurrent.atomic.LongAdder()};

    public EventRing(int capacityPowerOfTwo) {
        int cap = Integer.highestOneBit(Math.max(16, capacityPowerOfTwo));
        mask = cap - 1;
        seqs = new long[cap];
        nanos = new long[cap];
        kinds = new byte[cap];
        pids = new int[cap];
        addresses = new long[cap];
        devices = new int[cap];
        pgoffs = new long[cap];
        folios = new long[cap];
        levels = new byte[cap];
        results = new int[cap];
    }

    public int capacity() {
        return mask + 1;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Interns a string (device names, result tokens) to a small id. */
    public int intern(String s) {
        int i = names.indexOf(s);
        if (i >= 0) {
            return i;
        }
        synchronized (names) {
            i = names.indexOf(s);
            if (i < 0) {
                names.add(s);
                i = names.size() - 1;
            }
            return i;
        }
    }

    private static final String[] LEVELS = {"-", "PTE", "PMD", "PUD"};

    public static int levelCode(int shift) {
        return switch (shift) {
            case 12 -> 1;
            case 21 -> 2;
            case 30 -> 3;
            default -> 0;
        };
    }

    public void record(FaultEvent.Kind kind, int pid, long address, int deviceId, long pgoff, long folio, int level,
                       int resultId) {
        perKind[kind.ordinal()].increment();
        if (!enabled) {
            return;
        }
        long seq = next.getAndIncrement();
        int i = (int) (seq & mask);
        // Seqlock per slot: a reader that sees -1 or another sequence skips the slot.
        SEQ.setVolatile(seqs, i, -1L);
        {
            nanos[i] = System.nanoTime();
            kinds[i] = (byte) kind.ordinal();
            pids[i] = pid;
            addresses[i] = address;
            devices[i] = deviceId;
            pgoffs[i] = pgoff;
            folios[i] = folio;
            levels[i] = (byte) level;
            results[i] = resultId;
        }
        SEQ.setRelease(seqs, i, seq);
    }

    /** How many events of a kind happened, recorded in the ring or not. */
    public long count(FaultEvent.Kind kind) {
        return perKind[kind.ordinal()].sum();
    }

    /** Total events recorded so far (the next sequence number). */
    public long written() {
        return next.get();
    }

    /** Result of a poll: the events from {@code from} on that are still held, and how many were lost. */
    public record Poll(List<FaultEvent> events, long dropped, long nextSeq) {
    }

    /** Reads events with sequence {@code >= from}, at most {@code max} of them (the newest ones). */
    public Poll poll(long from, int max) {
        long end = next.get();
        long oldestHeld = Math.max(0, end - capacity());
        long start = Math.max(from, oldestHeld);
        long dropped = start - from;
        if (end - start > max) {
            dropped += end - start - max;
            start = end - max;
        }
        List<FaultEvent> out = new ArrayList<>((int) Math.max(0, end - start));
        for (long s = start; s < end; s++) {
            int i = (int) (s & mask);
            if ((long) SEQ.getAcquire(seqs, i) != s) {
                dropped++;
                continue;
            }
            FaultEvent e = new FaultEvent(s, nanos[i], FaultEvent.Kind.values()[kinds[i]], pids[i], addresses[i],
                    names.get(devices[i]), pgoffs[i], folios[i], LEVELS[levels[i]], names.get(results[i]));
            if ((long) SEQ.getVolatile(seqs, i) != s) {
                dropped++;
                continue;
            }
            out.add(e);
        }
        return new Poll(out, dropped, end);
    }
}
