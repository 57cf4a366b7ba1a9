package dev.daxscope.sim.lib;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The dax SRCU analogue (R14): faults run inside a read section of their own slot; kill and
 * munmap wait until every section that was open when they started has closed. Each reader
 * slot sits on its own cache line so concurrent faults share nothing.
 */
public final class Srcu {
    public static final int MAX_READERS = 128;
    private static final int STRIDE = 16;

    private final AtomicLongArray counters = new AtomicLongArray(MAX_READERS * STRIDE);
    private final java.util.BitSet used = new java.util.BitSet();
    private final AtomicInteger highWater = new AtomicInteger();

    /** A reader slot for one thread (a fault worker or the scenario runner). */
    public synchronized int registerReader() {
        int slot = used.nextClearBit(0);
        if (slot >= MAX_READERS) {
            throw new IllegalStateException("more than " + MAX_READERS + " concurrent fault contexts");
        }
        used.set(slot);
        highWater.accumulateAndGet(slot + 1, Math::max);
        return slot;
    }

    /** Gives a slot back when its thread is done (a closed fault engine). */
    public synchronized void releaseReader(int slot) {
        used.clear(slot);
    }

    public void enter(int slot) {
        counters.incrementAndGet(slot * STRIDE);
    }

    public void exit(int slot) {
        counters.incrementAndGet(slot * STRIDE);
    }

    /** Waits for every read section open now to finish (odd counter = inside a section). */
    public void synchronize() {
        int slots = highWater.get();
        for (int s = 0; s < slots; s++) {
            long seen = counters.get(s * STRIDE);
            if ((seen & 1) == 0) {
                continue;
            }
            while (counters.get(s * STRIDE) == seen) {
                Thread.onSpinWait();
            }
        }
    }
}
