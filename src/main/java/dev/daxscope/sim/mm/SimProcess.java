package dev.daxscope.sim.mm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A simulated process: an mm (its device-DAX VMAs), open files, RssFile, the signals poison
 * handling sent it, and its GUP handles. VMAs are published as an immutable sorted array so the
 * fault path finds them without a lock; changes happen under {@link #mmapLock()}.
 */
public final class SimProcess {
    private static final long MMAP_BASE = 0x7f0000000000L;
    /** Below this a process keeps its program, heap and the zero page guard (mmap_min_addr and more). */
    private static final long LOWEST_MAPPING = 0x100000000L;

    private final int pid;
    private final String name;
    private volatile Vma[] vmas = new Vma[0];
    private final Object mmapLock = new Object();
    private final Map<Integer, OpenFile> files = new LinkedHashMap<>();
    private int nextFd = 3;
    private final LongAdder rssFile = new LongAdder();
    private final List<String> signals = new ArrayList<>();
    private final Map<Integer, GupHandle> handles = new LinkedHashMap<>();
    private int nextHandle = 1;
    private volatile boolean alive = true;
    private boolean thpDisabled;
    private String mceKill = "default";
    /** Anonymous memory's address ranges (start to end), guarded by {@link #mmapLock()}. */
    private final java.util.TreeMap<Long, Long> reserved = new java.util.TreeMap<>();

    public SimProcess(int pid, String name) {
        this.pid = pid;
        this.name = name;
    }

    public int pid() {
        return pid;
    }

    public String name() {
        return name;
    }

    public Object mmapLock() {
        return mmapLock;
    }

    public Vma[] vmas() {
        return vmas;
    }

    public void publishVmas(List<Vma> list) {
        Vma[] sorted = list.toArray(new Vma[0]);
        Arrays.sort(sorted, Comparator.comparingLong(Vma::start));
        this.vmas = sorted;
    }

    /** The VMA containing {@code addr}, or null (binary search over the published array). */
    public Vma findVma(long addr) {
        Vma[] v = vmas;
        int lo = 0;
        int hi = v.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Vma m = v[mid];
            if (addr < m.start()) {
                hi = mid - 1;
            } else if (addr >= m.end()) {
                lo = mid + 1;
            } else {
                return m;
            }
        }
        return null;
    }

    public Map<Integer, OpenFile> files() {
        return files;
    }

    public int addFile(OpenFile f) {
        int fd = nextFd++;
        files.put(fd, f);
        return fd;
    }

    public LongAdder rssFileCounter() {
        return rssFile;
    }

    public long rssFile() {
        return rssFile.sum();
    }

    public synchronized void addSignal(String s) {
        signals.add(s);
    }

    public synchronized List<String> drainSignals() {
        List<String> out = new ArrayList<>(signals);
        signals.clear();
        return out;
    }

    /** The live handle table: change it only under {@link #mmapLock()}. */
    public Map<Integer, GupHandle> handles() {
        return handles;
    }

    /** The GUP handles now, copied under {@link #mmapLock()} (pins are taken without the kernel lock). */
    public List<GupHandle> handlesNow() {
        synchronized (mmapLock) {
            return List.copyOf(handles.values());
        }
    }

    /** The open files now, copied under {@link #mmapLock()}. */
    public List<OpenFile> filesNow() {
        synchronized (mmapLock) {
            return List.copyOf(files.values());
        }
    }

    public int addHandle(GupHandle h) {
        int id = nextHandle++;
        handles.put(id, h);
        return id;
    }

    public boolean alive() {
        return alive;
    }

    public void markExited() {
        this.alive = false;
    }

    public boolean thpDisabled() {
        return thpDisabled;
    }

    public void setThpDisabled(boolean thpDisabled) {
        this.thpDisabled = thpDisabled;
    }

    public String mceKill() {
        return mceKill;
    }

    public void setMceKill(String mceKill) {
        this.mceKill = mceKill;
    }

    /**
     * The generic allocator, top-down as the kernel's get_unmapped_area (vm_unmapped_area with
     * VM_UNMAPPED_AREA_TOPDOWN): the highest gap below the mmap base that fits {@code length},
     * else the highest anywhere below TASK_SIZE; gaps left by munmap are found again. The start is
     * deliberately not 2M-aligned (a 2M multiple plus one page; R44 fallback). Called under
     * {@link #mmapLock()}. {@link #NO_ROOM} when nothing fits (mmap answers ENOMEM, R44).
     */
    public long allocateAddressSpace(long length) {
        if (Long.compareUnsigned(length, RangeChecks.TASK_SIZE - LOWEST_MAPPING) > 0) {
            return NO_ROOM;
        }
        long[][] taken = takenRanges();
        long start = highestGap(taken, length, MMAP_BASE);
        return start != NO_ROOM ? start : highestGap(taken, length, RangeChecks.TASK_SIZE);
    }

    /** Where the allocator says nothing fits: TASK_SIZE, past which every mapping is refused. */
    public static final long NO_ROOM = RangeChecks.TASK_SIZE;

    /** Anonymous memory's ranges, which are not VMAs here: the allocator leaves them alone until exit. */
    public void reserveAddressSpace(long start, long length) {
        reserved.put(start, start + length);
    }

    /** A fork child has its parent's anonymous ranges (its VMAs are copied by fork). */
    public void inheritAddressSpace(SimProcess parent) {
        reserved.putAll(parent.reserved);
    }

    /** The VMAs and reserved ranges as [start, end) pairs, highest start first. */
    private long[][] takenRanges() {
        List<long[]> out = new ArrayList<>(vmas.length + reserved.size());
        for (Vma v : vmas) {
            out.add(new long[] {v.start(), v.end()});
        }
        reserved.forEach((from, to) -> out.add(new long[] {from, to}));
        out.sort((a, b) -> Long.compareUnsigned(b[0], a[0]));
        return out.toArray(new long[0][]);
    }

    /** The highest start in a gap below {@code limit} (and above LOWEST_MAPPING) that fits {@code length}. */
    private static long highestGap(long[][] taken, long length, long limit) {
        long gapEnd = limit;
        for (long[] range : taken) {
            if (Long.compareUnsigned(range[0], gapEnd) >= 0) {
                continue;
            }
            long start = startInGap(Math.max(range[1], LOWEST_MAPPING), gapEnd, length);
            if (start != NO_ROOM) {
                return start;
            }
            gapEnd = range[0];
        }
        return startInGap(LOWEST_MAPPING, gapEnd, length);
    }

    /** The highest 2M-plus-one-page start in [gapStart, gapEnd) that {@code length} fits after, or NO_ROOM. */
    private static long startInGap(long gapStart, long gapEnd, long length) {
        if (Long.compareUnsigned(gapEnd, gapStart) <= 0 || Long.compareUnsigned(length + 0x1000, gapEnd - gapStart) > 0) {
            return NO_ROOM;
        }
        long start = ((gapEnd - length - 0x1000) & ~0x1fffffL) + 0x1000;
        return Long.compareUnsigned(start, gapStart) >= 0 ? start : NO_ROOM;
    }
}
