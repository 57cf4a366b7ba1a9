package dev.daxscope.sim.device;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongConsumer;

/**
 * The struct pages of a bound device, one entry per folio (R62, R66), stored sparsely: a chunk
 * of counters exists only once a folio in it has been touched, so an idle 1 TiB device costs a
 * directory of null pointers. Counters are stored as the difference from the idle state
 * (refcount 1, mapcount 0), so a fresh zero-filled chunk is all-idle. Updates are atomic: fault
 * workers change counters concurrently, as CPUs do on real struct pages.
 */
public final class FolioTable {

    public static final int CHUNK_SHIFT = 12;
    public static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;

    public static final byte FLAG_MAPPING_SET = 1;
    public static final byte FLAG_HWPOISON = 2;

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle BYTES = MethodHandles.arrayElementVarHandle(byte[].class);

    /** Counters of CHUNK_SIZE consecutive folios. */
    static final class Chunk {
        final int[] extraRefs = new int[CHUNK_SIZE];
        final int[] mapcount = new int[CHUNK_SIZE];
        final int[] pinnedPages = new int[CHUNK_SIZE];
        final byte[] flags = new byte[CHUNK_SIZE];
        final long[] index = new long[CHUNK_SIZE];
        /** Bumped on every change: drives the page map's change marks. */
        final int[] changeStamp = new int[CHUNK_SIZE];
    }

    private final long folioCount;
    private final int order;
    private final AtomicReferenceArray<Chunk> chunks;

    public FolioTable(long folioCount, int order) {
        this.folioCount = folioCount;
        this.order = order;
        this.chunks = new AtomicReferenceArray<>((int) ((folioCount + CHUNK_MASK) >>> CHUNK_SHIFT));
    }

    public long folioCount() {
        return folioCount;
    }

    /** Compound order of every folio: 0 (4K), 9 (2M) or 18 (1G). */
    public int order() {
        return order;
    }

    private Chunk chunk(long folio) {
        int c = (int) (folio >>> CHUNK_SHIFT);
        Chunk chunk = chunks.get(c);
        if (chunk == null) {
            Chunk fresh = new Chunk();
            chunk = chunks.compareAndExchange(c, null, fresh);
            if (chunk == null) {
                chunk = fresh;
            }
        }
        return chunk;
    }

    private Chunk peek(long folio) {
        return chunks.get((int) (folio >>> CHUNK_SHIFT));
    }

    /** One more mapping entry (R59-R61): refcount +1 and mapcount +1 when {@code takeRef}. */
    public void addMapping(long folio, boolean takeRef) {
        Chunk c = chunk(folio);
        int i = (int) (folio & CHUNK_MASK);
        if (takeRef) {
            INTS.getAndAdd(c.extraRefs, i, 1);
            INTS.getAndAdd(c.mapcount, i, 1);
        }
        markChanged(c, i);
    }

    /** The change mark only needs to move, not to count exactly: a racy plain increment is enough. */
    private static void markChanged(Chunk c, int i) {
        c.changeStamp[i]++;
    }

    /** An entry was zapped (R70). */
    public void removeMapping(long folio, boolean tookRef) {
        Chunk c = chunk(folio);
        int i = (int) (folio & CHUNK_MASK);
        if (tookRef) {
            INTS.getAndAdd(c.mapcount, i, -1);
            INTS.getAndAdd(c.extraRefs, i, -1);
        }
        markChanged(c, i);
    }

    /** GUP reference (R75): {@code refs} added to the refcount, {@code pages} to the pinned pages. */
    public void addPin(long folio, int refs, int pages) {
        Chunk c = chunk(folio);
        int i = (int) (folio & CHUNK_MASK);
        INTS.getAndAdd(c.extraRefs, i, refs);
        INTS.getAndAdd(c.pinnedPages, i, pages);
        markChanged(c, i);
    }

    /** R58: the first fault sets mapping and index; later faults leave them. */
    public void setMappingOnce(long folio, long index) {
        Chunk c = chunk(folio);
        int i = (int) (folio & CHUNK_MASK);
        if ((((byte) BYTES.getVolatile(c.flags, i)) & FLAG_MAPPING_SET) != 0) {
            return;
        }
        synchronized (c) {
            if ((c.flags[i] & FLAG_MAPPING_SET) == 0) {
                c.index[i] = index;
                BYTES.setVolatile(c.flags, i, (byte) (c.flags[i] | FLAG_MAPPING_SET));
            }
        }
    }

    public void setPoison(long folio) {
        Chunk c = chunk(folio);
        int i = (int) (folio & CHUNK_MASK);
        synchronized (c) {
            BYTES.setVolatile(c.flags, i, (byte) (c.flags[i] | FLAG_HWPOISON));
            c.changeStamp[i]++;
        }
    }

    public int refcount(long folio) {
        Chunk c = peek(folio);
        return c == null ? 1 : 1 + (int) INTS.getVolatile(c.extraRefs, (int) (folio & CHUNK_MASK));
    }

    public int mapcount(long folio) {
        Chunk c = peek(folio);
        return c == null ? 0 : (int) INTS.getVolatile(c.mapcount, (int) (folio & CHUNK_MASK));
    }

    public int pinnedPages(long folio) {
        Chunk c = peek(folio);
        return c == null ? 0 : (int) INTS.getVolatile(c.pinnedPages, (int) (folio & CHUNK_MASK));
    }

    public byte flags(long folio) {
        Chunk c = peek(folio);
        return c == null ? 0 : (byte) BYTES.getVolatile(c.flags, (int) (folio & CHUNK_MASK));
    }

    public long index(long folio) {
        Chunk c = peek(folio);
        return c == null ? 0 : c.index[(int) (folio & CHUNK_MASK)];
    }

    public int changeStamp(long folio) {
        Chunk c = peek(folio);
        return c == null ? 0 : c.changeStamp[(int) (folio & CHUNK_MASK)];
    }

    /** Whether any folio in the chunk holding {@code folio} was ever touched (for summaries). */
    public boolean chunkExists(long folio) {
        return peek(folio) != null;
    }

    /** Calls {@code action} for every folio that is not idle (mapped, pinned, flagged). */
    public void forEachActive(LongConsumer action) {
        for (int c = 0; c < chunks.length(); c++) {
            Chunk chunk = chunks.get(c);
            if (chunk == null) {
                continue;
            }
            long base = (long) c << CHUNK_SHIFT;
            for (int i = 0; i < CHUNK_SIZE && base + i < folioCount; i++) {
                if (chunk.extraRefs[i] != 0 || chunk.mapcount[i] != 0 || chunk.pinnedPages[i] != 0 || chunk.flags[i] != 0) {
                    action.accept(base + i);
                }
            }
        }
    }

    /** Bytes of heap the counters use now (for the inspector's status bar and the benchmarks). */
    public long heapBytes() {
        long bytes = 16L + 4L * chunks.length();
        for (int c = 0; c < chunks.length(); c++) {
            if (chunks.get(c) != null) {
                bytes += CHUNK_SIZE * (4L + 4 + 4 + 1 + 8 + 4) + 6 * 16;
            }
        }
        return bytes;
    }
}
