package dev.daxscope.sim.lib;

import dev.daxscope.model.FaultEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault log: fault/zap/signal events in per-writer shards, as the kernel's trace buffers are
 * per CPU. Each shard has exactly one writer at a time (a fault worker's {@link Writer}, or a
 * thread recording directly), keeps its newest {@code capacity} events in primitive arrays and
 * counts what it overwrote; so recording costs a few plain stores, no allocation and, per batch,
 * one claim of sequence numbers from the one shared counter. A poll merges the shards by sequence
 * number. A reader that falls more than a shard's capacity behind loses that shard's oldest events
 * and is told how many (the dropped-events counter).
 */
public final class EventRing {
    private static final VarHandle PUBLISHED;
    private static final VarHandle PENDING;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final String[] LEVELS = {"-", "PTE", "PMD", "PUD"};
    private static final FaultEvent.Kind[] KINDS = FaultEvent.Kind.values();
    /** Events a worker buffers before it publishes them with one sequence claim. */
    private static final int BATCH = 256;
    /** A shard's arrays start this small and double up to the capacity as it fills. */
    private static final int FIRST_SLOTS = 1024;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PUBLISHED = l.findVarHandle(Shard.class, "published", long.class);
            PENDING = l.findVarHandle(Shard.class, "pending", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The holder of a shard that a worker's writer owns until it is closed. */
    private static final Object WORKER = new Object();

    private final int capacity;
    private final int batch;
    private final AtomicLong next = new AtomicLong();
    private final List<String> names = new CopyOnWriteArrayList<>();
    private final Object shardLock = new Object();
    private volatile Shard[] shards = new Shard[0];
    /** The last thread's direct writer: the common case of one recording thread skips the lookup. */
    private Writer lastDirect;
    private volatile boolean enabled = true;

    /** A ring whose shards each hold up to {@code capacityPowerOfTwo} events (at least 16). */
    public EventRing(int capacityPowerOfTwo) {
        capacity = Integer.highestOneBit(Math.max(16, capacityPowerOfTwo));
        batch = Math.min(BATCH, capacity);
    }

    /** How many events each shard holds before it overwrites its oldest. */
    public int capacity() {
        return capacity;
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

    public static int levelCode(int shift) {
        return switch (shift) {
            case 12 -> 1;
            case 21 -> 2;
            case 30 -> 3;
            default -> 0;
        };
    }

    /** Records one event directly, visible to the next poll (thread-safe: each thread has its own shard). */
    public void record(FaultEvent.Kind kind, int pid, long address, int deviceId, long pgoff, long folio, int level,
                       int resultId) {
        Writer w = lastDirect;
        if (w == null || w.thread != Thread.currentThread()) {
            w = directWriter();
        }
        w.record(kind, pid, address, deviceId, pgoff, folio, level, resultId);
        w.flush();
    }

    private Writer directWriter() {
        Thread me = Thread.currentThread();
        synchronized (shardLock) {
            for (Shard s : shards) {
                if (s.holder == me) {
                    lastDirect = s.direct;
                    return s.direct;
                }
            }
            Writer w = new Writer(acquireShard(me), me);
            w.shard.direct = w;
            lastDirect = w;
            return w;
        }
    }

    /**
     * A fault worker's writer on a shard of its own: it buffers up to a batch of events and
     * publishes them with one sequence claim. One thread at a time; close it to free the shard.
     */
    public Writer newWriter() {
        synchronized (shardLock) {
            return new Writer(acquireShard(WORKER), null);
        }
    }

    /** A free shard (its writer closed, or its thread ended) or a new one; called under shardLock. */
    private Shard acquireShard(Object holder) {
        for (Shard s : shards) {
            if (s.holder == null || s.holder instanceof Thread t && !t.isAlive()) {
                s.holder = holder;
                s.direct = null;
                return s;
            }
        }
        Shard s = new Shard();
        s.holder = holder;
        Shard[] grown = Arrays.copyOf(shards, shards.length + 1);
        grown[shards.length] = s;
        shards = grown;
        return s;
    }

    /** The arrays of one shard; replaced by larger ones while the shard grows to the capacity. */
    private static final class Slots {
        final int mask;
        final long[] seqs;
        final long[] nanos;
        final byte[] kinds;
        final int[] pids;
        final long[] addresses;
        final int[] devices;
        final long[] pgoffs;
        final long[] folios;
        final byte[] levels;
        final int[] results;

        Slots(int size) {
            mask = size - 1;
            seqs = new long[size];
            nanos = new long[size];
            kinds = new byte[size];
            pids = new int[size];
            addresses = new long[size];
            devices = new int[size];
            pgoffs = new long[size];
            folios = new long[size];
            levels = new byte[size];
            results = new int[size];
        }

        int size() {
            return mask + 1;
        }

        void copy(long position, Slots from) {
            int i = (int) (position & mask);
            int j = (int) (position & from.mask);
            seqs[i] = from.seqs[j];
            nanos[i] = from.nanos[j];
            kinds[i] = from.kinds[j];
            pids[i] = from.pids[j];
            addresses[i] = from.addresses[j];
            devices[i] = from.devices[j];
            pgoffs[i] = from.pgoffs[j];
            folios[i] = from.folios[j];
            levels[i] = from.levels[j];
            results[i] = from.results[j];
        }
    }

    /**
     * One writer's events. Positions count the events ever written here; position p lives in slot
     * {@code p & mask} and is overwritten by p + size once the shard is full. Sequence numbers grow
     * with position, so a shard is sorted by sequence.
     */
    private static final class Shard {
        /** The writer (a worker's Writer, or a Thread for direct recording); null when free. */
        volatile Object holder;
        /** The direct writer of the holding thread, if the holder is a thread. */
        Writer direct;
        volatile Slots slots;
        /** Positions below this hold complete events with their sequence numbers (release/acquire). */
        long published;
        /** A lower bound of the sequence numbers being claimed right now; MAX_VALUE when none. */
        long pending = Long.MAX_VALUE;
        /** Events of each kind recorded by this shard's writers, in the log or not. */
        // What the writer stores on every event, in the middle of an array of its own so that two
        // workers' shards never share a cache line: positions written so far (published or not),
        // the claim (the writer may be writing positions below it; positions below it minus the
        // size are gone) and the events of each kind recorded, in the log or not.
        final long[] line = new long[32];
        static final int WRITTEN = 12;
        static final int CLAIMED = 13;
        static final int COUNTS = 14;
    }

    /**
     * Writes one shard. Not thread-safe: one thread at a time (the fault engine hands a worker's
     * writer from thread to thread only between phases).
     */
    public final class Writer {
        private final Shard shard;
        /** The thread of a direct writer; null for a worker's writer. */
        private final Thread thread;
        private Slots slots;

        private Writer(Shard shard, Thread thread) {
            this.shard = shard;
            this.thread = thread;
            this.slots = shard.slots;
        }

        public void record(FaultEvent.Kind k, int p, long a, int d, long pg, long f, int l, int r) {
            Shard s = shard;
            int ko = k.ordinal();
            long[] line = s.line;
            LONGS.setRelease(line, Shard.COUNTS + ko, line[Shard.COUNTS + ko] + 1);
            if (!enabled) {
                return;
            }
            long pos = line[Shard.WRITTEN];
            Slots sl = slots;
            if (sl == null || pos >= sl.size()) {
                sl = makeRoom(s, pos);
            }
            int i = (int) (pos & sl.mask);
            sl.nanos[i] = CoarseClock.nanoTime();
            sl.kinds[i] = (byte) ko;
            sl.pids[i] = p;
            sl.addresses[i] = a;
            sl.devices[i] = d;
            sl.pgoffs[i] = pg;
            sl.folios[i] = f;
            sl.levels[i] = (byte) l;
            sl.results[i] = r;
            line[Shard.WRITTEN] = pos + 1;
            if (pos + 1 - s.published >= batch) {
                flush();
            }
        }

        /**
         * Makes room for position {@code pos}: larger arrays while below the capacity (nothing is
         * overwritten, so readers of the old arrays stay right), else marks the oldest slot as
         * being overwritten before it is.
         */
        private Slots makeRoom(Shard s, long pos) {
            Slots sl = slots;
            if (sl == null || sl.size() < capacity) {
                Slots grown = new Slots(sl == null ? Math.min(capacity, FIRST_SLOTS) : sl.size() * 2);
                for (long q = 0; sl != null && q < pos; q++) {
                    grown.copy(q, sl);
                }
                s.slots = grown;
                slots = grown;
                return grown;
            }
            LONGS.setRelease(s.line, Shard.CLAIMED, pos + 1);
            VarHandle.storeStoreFence();
            return sl;
        }

        /** Publishes the buffered events under one claim of sequence numbers (workers call it after every chunk). */
        public void flush() {
            Shard s = shard;
            long from = s.published;
            long to = s.line[Shard.WRITTEN];
            if (to == from) {
                return;
            }
            // Readers stop short of what is pending, so an event is never skipped while it is being
            // published. Volatile, so that a reader that sees the claim below also sees this.
            PENDING.setVolatile(s, next.get());
            long first = next.getAndAdd(to - from);
            Slots sl = slots;
            for (long q = from; q < to; q++) {
                sl.seqs[(int) (q & sl.mask)] = first + (q - from);
            }
            PUBLISHED.setRelease(s, to);
            PENDING.setRelease(s, Long.MAX_VALUE);
        }

        /** Publishes what is buffered and frees the shard for another writer; its events stay readable. */
        public void close() {
            flush();
            synchronized (shardLock) {
                shard.holder = null;
            }
        }
    }

    /** How many events of a kind happened, recorded in the ring or not. */
    public long count(FaultEvent.Kind kind) {
        long sum = 0;
        for (Shard s : shards) {
            sum += (long) LONGS.getAcquire(s.line, Shard.COUNTS + kind.ordinal());
        }
        return sum;
    }

    /** Total events recorded so far (the next sequence number). */
    public long written() {
        return next.get();
    }

    /** Events overwritten so far before anyone could read them: each shard's count, summed. */
    public long overwritten() {
        long sum = 0;
        for (Shard s : shards) {
            long published = (long) PUBLISHED.getAcquire(s);
            Slots sl = s.slots;
            sum += sl == null ? 0 : Math.max(0, published - sl.size());
        }
        return sum;
    }

    /** Result of a poll: the events from {@code from} on that are still held, and how many were lost. */
    public record Poll(List<FaultEvent> events, long dropped, long nextSeq) {
    }

    /**
     * Reads events with sequence {@code >= from}, at most {@code max} of them (the newest ones),
     * merged from all shards in sequence order. Every sequence number below {@code nextSeq} and
     * from {@code from} on is either returned or counted in {@code dropped}.
     */
    public Poll poll(long from, int max) {
        long end = next.get();
        Shard[] all = shards;
        long cutoff = end;
        for (Shard s : all) {
            cutoff = Math.min(cutoff, (long) PENDING.getVolatile(s));
        }
        if (from >= cutoff) {
            return new Poll(List.of(), 0, from > end ? end : from);
        }
        ShardCursor[] cursors = new ShardCursor[all.length];
        for (int i = 0; i < all.length; i++) {
            cursors[i] = new ShardCursor(all[i], from, cutoff);
        }
        // Newest first: take the highest sequence among the shards' cursors until max are taken.
        List<Pick> picked = new ArrayList<>();
        while (picked.size() < max) {
            ShardCursor best = null;
            for (ShardCursor c : cursors) {
                if (c.seq >= 0 && (best == null || c.seq > best.seq)) {
                    best = c;
                }
            }
            if (best == null) {
                break;
            }
            picked.add(new Pick(best, best.position, best.event(best.position, best.seq)));
            best.step();
        }
        // Slots a writer may have overwritten while they were read are not reported.
        VarHandle.loadLoadFence();
        for (ShardCursor c : cursors) {
            c.settle();
        }
        List<FaultEvent> events = new ArrayList<>(picked.size());
        for (Pick p : picked.reversed()) {
            if (p.cursor().stillHeld(p.position())) {
                events.add(p.event());
            }
        }
        return new Poll(events, cutoff - from - events.size(), cutoff);
    }

    private record Pick(ShardCursor cursor, long position, FaultEvent event) {
    }

    /** A reader's walk down one shard, from its newest event below the cutoff to its oldest from {@code from} on. */
    private final class ShardCursor {
        private final Shard shard;
        private final Slots slots;
        private final long floor;
        private final long from;
        private final long cutoff;
        private long overwrittenBelow;
        long position;
        /** The sequence at the cursor, or -1 when the shard has nothing more in range. */
        long seq = -1;

        ShardCursor(Shard shard, long from, long cutoff) {
            this.shard = shard;
            long published = (long) PUBLISHED.getAcquire(shard);
            this.slots = shard.slots;
            // Below the floor: overwritten, or being overwritten by events the writer has not published yet.
            this.floor = slots == null ? published
                    : Math.max(0, Math.max(published - slots.size(), overwrittenBelow()));
            this.from = from;
            this.cutoff = cutoff;
            this.position = published;
            step();
        }

        void step() {
            seq = -1;
            while (--position >= floor) {
                long s = slots.seqs[(int) (position & slots.mask)];
                if (s < from) {
                    return;
                }
                if (s < cutoff) {
                    seq = s;
                    return;
                }
            }
        }

        FaultEvent event(long pos, long s) {
            int i = (int) (pos & slots.mask);
            return new FaultEvent(s, slots.nanos[i], KINDS[slots.kinds[i]], slots.pids[i], slots.addresses[i],
                    names.get(slots.devices[i]), slots.pgoffs[i], slots.folios[i], LEVELS[slots.levels[i]],
                    names.get(slots.results[i]));
        }

        /** Notes, after the reads, which positions the writer may have overwritten meanwhile. */
        void settle() {
            overwrittenBelow = overwrittenBelow();
        }

        private long overwrittenBelow() {
            // Only a full shard overwrites; smaller arrays are replaced, never written over.
            return slots == null || slots.size() < capacity ? 0 : (long) LONGS.getAcquire(shard.line, Shard.CLAIMED) - slots.size();
        }

        boolean stillHeld(long pos) {
            return pos >= overwrittenBelow;
        }
    }
}
