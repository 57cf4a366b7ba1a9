package dev.daxscope.sim.dax;

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

        // The summary pyramid: 64-folio blocks and the whole chunk, recomputed lazily when dirty.
        final byte[] blockDirty = new byte[BLOCKS];
        volatile boolean dirty;
        final int[] blockRef = new int[BLOCKS];
        final int[] blockMap = new int[BLOCKS];
        final int[] blockPin = new int[BLOCKS];
        final byte[] blockFlags = new byte[BLOCKS];
        final long[] blockStamp = new long[BLOCKS];
        int chunkRef = 1;
        int chunkMap;
        int chunkPin;
        byte chunkFlags;
        long chunkStamp;
    }

    private static final int BLOCK_SHIFT = 6;
    private static final int BLOCK = 1 << BLOCK_SHIFT;
    private static final int BLOCKS = CHUNK_SIZE / BLOCK;

    private final long folioCount;
    private final java.util.concurrent.atomic.LongAdder mappedFolios = new java.util.concurrent.atomic.LongAdder();
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
            if ((int) INTS.getAndAdd(c.mapcount, i, 1) == 0) {
                mappedFolios.increment();
            }
        }
        markChanged(c, i);
    }

    /** Folios with mapcount > 0 now (counted as they change, so reading it is cheap). */
    public long mappedFolios() {
        return mappedFolios.sum();
    }

    /** The change mark only needs to move, not to count exactly: a racy plain increment is enough. */
    private static void markChanged(Chunk c, int i) {
        c.changeStamp[i]++;
        c.blockDirty[i >> BLOCK_SHIFT] = 1;
        c.dirty = true;
    }

    /** An entry was zapped (R70). */
    public void removeMapping(long folio, boolean tookRef) {
        Chunk c = chunk(folio);
        int i = (int) (folio & CHUNK_MASK);
        if (tookRef) {
            if ((int) INTS.getAndAdd(c.mapcount, i, -1) == 1) {
                mappedFolios.decrement();
            }
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
            markChanged(c, i);
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

    /**
     * Folds folios {@code [from, to)} into {@code cells} cells: per cell the largest refcount,
     * mapcount and pinned pages, OR of flags, and a change stamp (sum). Uses the 64-folio and
     * 4096-folio summaries where a cell covers them whole, so the cost follows the number of
     * cells, not of folios. One reader at a time (the page map).
     */
    public synchronized void summarize(long from, long to, int cells, int[] ref, int[] map, int[] pin, byte[] flagsOut,
                                       long[] stamp) {
        long span = to - from;
        for (int k = 0; k < cells; k++) {
            long a = from + span * k / cells;
            long b = Math.max(a + 1, from + span * (k + 1) / cells);
            int r = 1;
            int m = 0;
            int p = 0;
            byte fl = 0;
            long st = 0;
            long f = a;
            while (f < b && f < folioCount) {
                Chunk c = peek(f);
                int i = (int) (f & CHUNK_MASK);
                if (c == null) {
                    f = ((f >>> CHUNK_SHIFT) + 1) << CHUNK_SHIFT;
                    continue;
                }
                refresh(c);
                if (i == 0 && f + CHUNK_SIZE <= b) {
                    r = Math.max(r, c.chunkRef);
                    m = Math.max(m, c.chunkMap);
                    p = Math.max(p, c.chunkPin);
                    fl |= c.chunkFlags;
                    st += c.chunkStamp;
                    f += CHUNK_SIZE;
                } else if ((i & (BLOCK - 1)) == 0 && f + BLOCK <= b) {
                    int bl = i >> BLOCK_SHIFT;
                    r = Math.max(r, c.blockRef[bl]);
                    m = Math.max(m, c.blockMap[bl]);
                    p = Math.max(p, c.blockPin[bl]);
                    fl |= c.blockFlags[bl];
                    st += c.blockStamp[bl];
                    f += BLOCK;
                } else {
                    r = Math.max(r, 1 + c.extraRefs[i]);
                    m = Math.max(m, c.mapcount[i]);
                    p = Math.max(p, c.pinnedPages[i]);
                    fl |= c.flags[i];
                    st += c.changeStamp[i];
                    f++;
                }
            }
            ref[k] = r;
            map[k] = m;
            pin[k] = p;
            flagsOut[k] = fl;
            stamp[k] = st;
        }
    }

    /** Recomputes the dirty parts of a chunk's summary pyramid. */
    private static void refresh(Chunk c) {
        if (!c.dirty) {
            return;
        }
        c.dirty = false;
        for (int bl = 0; bl < BLOCKS; bl++) {
            if (c.blockDirty[bl] == 0) {
                continue;
            }
            c.blockDirty[bl] = 0;
            int r = 1;
            int m = 0;
            int p = 0;
            byte fl = 0;
            long st = 0;
            for (int i = bl << BLOCK_SHIFT, end = i + BLOCK; i < end; i++) {
                r = Math.max(r, 1 + c.extraRefs[i]);
                m = Math.max(m, c.mapcount[i]);
                p = Math.max(p, c.pinnedPages[i]);
                fl |= c.flags[i];
                st += c.changeStamp[i];
            }
            c.blockRef[bl] = r;
            c.blockMap[bl] = m;
            c.blockPin[bl] = p;
            c.blockFlags[bl] = fl;
            c.blockStamp[bl] = st;
        }
        int r = 1;
        int m = 0;
        int p = 0;
        byte fl = 0;
        long st = 0;
        for (int bl = 0; bl < BLOCKS; bl++) {
            r = Math.max(r, c.blockRef[bl]);
            m = Math.max(m, c.blockMap[bl]);
            p = Math.max(p, c.blockPin[bl]);
            fl |= c.blockFlags[bl];
            st += c.blockStamp[bl];
        }
        c.chunkRef = r;
        c.chunkMap = m;
        c.chunkPin = p;
        c.chunkFlags = fl;
        c.chunkStamp = st;
    }

    /** Bytes of heap the counters use now (for the inspector's status bar and the benchmarks). */
    public long heapBytes() {
        long bytes = 16L + 4L * chunks.length();
        for (int c = 0; c < chunks.length(); c++) {
            if (chunks.get(c) != null) {
                bytes += CHUNK_SIZE * (4L + 4 + 4 + 1 + 8 + 4) + BLOCKS * (4L + 4 + 4 + 1 + 8 + 1) + 12 * 16;
            }
        }
        return bytes;
    }
}
