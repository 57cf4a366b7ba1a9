package dev.daxscope.sim.mm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One level of a VMA's page tables (PTE, PMD or PUD entries), indexed by
 * {@code (address - vm_start) >> shift}. Chunks of 512 slots (one page-table page) are allocated
 * on first use. Installing an entry is a compare-and-set on an empty slot: of two racing faults
 * one installs, the other finds the entry, as under the kernel's PTE/PMD lock.
 *
 * <p>An entry is {@code folio + 1} in the low 48 bits plus {@link #DIRTY} and {@link #WRITABLE}.
 */
public final class EntryTable {
    public static final long DIRTY = 1L << 48;
    public static final long WRITABLE = 1L << 49;
    public static final long FOLIO_MASK = (1L << 48) - 1;

    private static final int CHUNK_SHIFT = 9;
    private static final int CHUNK = 1 << CHUNK_SHIFT;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int shift;
    private final long slots;
    private final AtomicReferenceArray<long[]> chunks;
    /** Present entries, kept as they come and go: counting by walking the table costs ~20 ms at 10 M entries. */
    private final java.util.concurrent.atomic.LongAdder present = new java.util.concurrent.atomic.LongAdder();

    public EntryTable(int shift, long vmaLength) {
        this.shift = shift;
        this.slots = (vmaLength + (1L << shift) - 1) >>> shift;
        this.chunks = new AtomicReferenceArray<>((int) ((slots + CHUNK - 1) >>> CHUNK_SHIFT));
    }

    public int shift() {
        return shift;
    }

    public long slots() {
        return slots;
    }

    public long get(long slot) {
        long[] c = chunks.get((int) (slot >>> CHUNK_SHIFT));
        return c == null ? 0 : (long) LONGS.getVolatile(c, (int) (slot & (CHUNK - 1)));
    }

    private long[] chunk(long slot) {
        int ci = (int) (slot >>> CHUNK_SHIFT);
        long[] c = chunks.get(ci);
        if (c == null) {
            long[] fresh = new long[CHUNK];
            c = chunks.compareAndExchange(ci, null, fresh);
            if (c == null) {
                c = fresh;
            }
        }
        return c;
    }

    /** Installs {@code entry} if the slot is empty; returns the previous value (0 when installed). */
    public long installIfEmpty(long slot, long entry) {
        long previous = (long) LONGS.compareAndExchange(chunk(slot), (int) (slot & (CHUNK - 1)), 0L, entry);
        if (previous == 0) {
            present.increment();
        }
        return previous;
    }

    /** How many slots hold an entry. */
    public long presentEntries() {
        return present.sum();
    }

    /** Sets flag bits on a present entry (write upgrade, R59/R64); no effect on an empty slot. */
    public void setBits(long slot, long bits) {
        update(slot, bits, 0);
    }

    /** Clears flag bits on a present entry (mprotect to read-only). */
    public void clearBits(long slot, long bits) {
        update(slot, 0, bits);
    }

    private void update(long slot, long set, long clear) {
        long[] c = chunks.get((int) (slot >>> CHUNK_SHIFT));
        if (c == null) {
            return;
        }
        int i = (int) (slot & (CHUNK - 1));
        long old;
        long next;
        do {
            old = (long) LONGS.getVolatile(c, i);
            next = (old | set) & ~clear;
            if (old == 0 || next == old) {
                return;
            }
        } while (!LONGS.compareAndSet(c, i, old, next));
    }

    /** Removes the entry; returns what was there (0 if empty). */
    public long clear(long slot) {
        long[] c = chunks.get((int) (slot >>> CHUNK_SHIFT));
        if (c == null) {
            return 0;
        }
        long previous = (long) LONGS.getAndSet(c, (int) (slot & (CHUNK - 1)), 0L);
        if (previous != 0) {
            present.decrement();
        }
        return previous;
    }

    /** Visits present entries with slot in {@code [from, to)}. */
    public void forEach(long from, long to, EntryVisitor visitor) {
        walk(from, to, (slot, entry) -> {
            visitor.visit(slot, entry);
            return true;
        });
    }

    /** The first {@code max} present entries from slot {@code from} on, as {slot, entry} pairs; stops early. */
    public java.util.List<long[]> first(long from, int max) {
        java.util.List<long[]> out = new java.util.ArrayList<>();
        if (max > 0) {
            walk(from, slots, (slot, entry) -> {
                out.add(new long[] {slot, entry});
                return out.size() < max;
            });
        }
        return out;
    }

    /** Visits present entries in {@code [from, to)} in slot order, skipping empty chunks, until the visitor says stop. */
    private void walk(long from, long to, StoppableVisitor visitor) {
        long end = Math.min(to, slots);
        for (long s = Math.max(0, from); s < end; ) {
            long[] c = chunks.get((int) (s >>> CHUNK_SHIFT));
            if (c == null) {
                s = ((s >>> CHUNK_SHIFT) + 1) << CHUNK_SHIFT;
                continue;
            }
            long v = (long) LONGS.getVolatile(c, (int) (s & (CHUNK - 1)));
            if (v != 0 && !visitor.visit(s, v)) {
                return;
            }
            s++;
        }
    }

    @FunctionalInterface
    private interface StoppableVisitor {
        boolean visit(long slot, long entry);
    }

    public long heapBytes() {
        long bytes = 16L + 4L * chunks.length();
        for (int i = 0; i < chunks.length(); i++) {
            if (chunks.get(i) != null) {
                bytes += 16L + 8L * CHUNK;
            }
        }
        return bytes;
    }

    @FunctionalInterface
    public interface EntryVisitor {
        void visit(long slot, long entry);
    }
}
