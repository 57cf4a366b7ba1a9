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
    private long mmapCursor = MMAP_BASE;
    private long belowCursor = MMAP_BASE;

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

    public Map<Integer, GupHandle> handles() {
        return handles;
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
     * The generic allocator: a free page-aligned range, deliberately not 2M-aligned (R44 fallback).
     * Mappings go upwards from the mmap base while they fit below TASK_SIZE; one that does not
     * (a terabyte device) goes below the base, as the kernel's top-down allocator would place it.
     * A range that fits nowhere is returned past TASK_SIZE, and mmap refuses it (R44).
     */
    public long allocateAddressSpace(long length) {
        long addr = mmapCursor + 0x1000;
        if (Long.compareUnsigned(length, RangeChecks.TASK_SIZE - addr) <= 0) {
            mmapCursor = ((addr + length + 0x1fffffL) & ~0x1fffffL) + 0x40000000L;
            return addr;
        }
        if (Long.compareUnsigned(length, belowCursor - LOWEST_MAPPING - 0x200000L) <= 0) {
            long start = ((belowCursor - length - 0x200000L) & ~0x1fffffL) + 0x1000;
            belowCursor = Math.max(LOWEST_MAPPING + 0x200000L, start - 0x40000000L);
            return start;
        }
        return addr;
    }

    /** A fork child allocates where its parent would have, past the mappings it inherited. */
    public void inheritAddressSpace(SimProcess parent) {
        this.mmapCursor = parent.mmapCursor;
        this.belowCursor = parent.belowCursor;
    }
}
