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

    /** Records one event directly (thread-safe; for callers outside the fault workers). */
    public void record(FaultEvent.Kind kind, int pid, long address, int deviceId, long pgoff, long folio, int level,
                       int resultId) {
        perKind[kind.ordinal()].increment();
        if (!enabled) {
            return;
        }
        store(next.getAndIncrement(), CoarseClock.nanoTime(), kind, pid, address, deviceId, pgoff, folio, level, resultId);
    }

    private void store(long seq, long time, FaultEvent.Kind kind, int pid, long address, int deviceId, long pgoff,
                       long folio, int level, int resultId) {
        int i = (int) (seq & mask);
        // Seqlock per slot: a reader that sees -1 or another sequence skips the slot.
        SEQ.setVolatile(seqs, i, -1L);
        nanos[i] = time;
        kinds[i] = (byte) kind.ordinal();
        pids[i] = pid;
        addresses[i] = address;
        devices[i] = deviceId;
        pgoffs[i] = pgoff;
        folios[i] = folio;
        levels[i] = (byte) level;
        results[i] = resultId;
        SEQ.setRelease(seqs, i, seq);
    }

    /** A per-worker buffer: the worker's events go into the ring a batch at a time (one claim per batch). */
    public Writer newWriter() {
        return new Writer();
    }

    /**
     * Buffers one fault worker's events and publishes them with one sequence claim per batch, so
     * two workers do not fight over the ring's counter and cache lines on every fault (per-CPU
     * buffers, as the kernel's tracing does). Not thread-safe: one per worker.
     */
    public final class Writer {
        private static final int BATCH = 256;
        private final long[] time = new long[BATCH];
        private final byte[] kind = new byte[BATCH];
        private final int[] pid = new int[BATCH];
        private final long[] address = new long[BATCH];
        private final int[] device = new int[BATCH];
        private final long[] pgoff = new long[BATCH];
        private final long[] folio = new long[BATCH];
        private final byte[] level = new byte[BATCH];
        private final int[] result = new int[BATCH];
        private final long[] counts = new long[3];
        private int n;

        private Writer() {
        }

        public void record(FaultEvent.Kind k, int p, long a, int d, long pg, long f, int l, int r) {
            counts[k.ordinal()]++;
            if (!enabled) {
                if (counts[k.ordinal()] >= BATCH) {
                    flushCounts();
                }
                return;
            }
            int i = n;
            time[i] = CoarseClock.nanoTime();
            kind[i] = (byte) k.ordinal();
            pid[i] = p;
            address[i] = a;
            device[i] = d;
            pgoff[i] = pg;
            folio[i] = f;
            level[i] = (byte) l;
            result[i] = r;
            if (++n == BATCH) {
                flush();
            }
        }

        /** Publishes the buffered events (workers call it at the end of every chunk of work). */
        public void flush() {
            flushCounts();
            if (n == 0) {
                return;
            }
            long first = next.getAndAdd(n);
            // One seqlock round for the whole batch: invalidate the slots, write, then publish,
            // with two fences instead of two per event.
            for (int i = 0; i < n; i++) {
                seqs[(int) ((first + i) & mask)] = -1L;
            }
            java.lang.invoke.VarHandle.storeStoreFence();
            for (int i = 0; i < n; i++) {
                int j = (int) ((first + i) & mask);
                nanos[j] = time[i];
                kinds[j] = kind[i];
                pids[j] = pid[i];
                addresses[j] = address[i];
                devices[j] = device[i];
                pgoffs[j] = pgoff[i];
                folios[j] = folio[i];
                levels[j] = level[i];
                results[j] = result[i];
            }
            java.lang.invoke.VarHandle.releaseFence();
            for (int i = 0; i < n; i++) {
                seqs[(int) ((first + i) & mask)] = first + i;
            }
            n = 0;
        }

        private void flushCounts() {
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] != 0) {
                    perKind[k].add(counts[k]);
                    counts[k] = 0;
                }
            }
        }
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
            java.lang.invoke.VarHandle.loadLoadFence();
            if ((long) SEQ.getVolatile(seqs, i) != s) {
                dropped++;
                continue;
            }
            out.add(e);
        }
        return new Poll(out, dropped, end);
    }
}
