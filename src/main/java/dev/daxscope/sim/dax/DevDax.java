package dev.daxscope.sim.dax;

import static dev.daxscope.model.PageSizes.PAGE_SHIFT;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.PageSizes;
import dev.daxscope.sim.lib.EventRing;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A {@code dev_dax} (R7): ranges, align, driver binding and, while bound to device_dax, its
 * folios. Mutated only under the kernel's device lock; the fault path reads {@link #alive} and
 * {@link #folios} without it, as the kernel's SRCU readers do.
 */
public final class DevDax {
    public static final long SZ_4K = PageSizes.PAGE_SIZE;
    public static final long SZ_2M = PageSizes.PMD_SIZE;
    public static final long SZ_1G = PageSizes.PUD_SIZE;

    private final DaxRegion region;
    private final int id;
    private final int minor;
    private final String name;
    private int eventId = -1;
    private long align;
    private final int targetNode;
    private final int numaNode;
    private boolean memmapOnMemory;
    private final List<DevDaxRange> ranges = new ArrayList<>();
    private final BitSet mappingIds = new BitSet();
    private DriverKind driver = DriverKind.NONE;
    private volatile boolean alive;
    private volatile FolioTable folios;
    private boolean inconsistent;
    private boolean stalePgmap;
    /** kmem: the block-aligned sub-ranges hot-added at probe (R84, R86). */
    private final List<PhysRange> hotplugged = new ArrayList<>();
    /** kmem: ranges left online and reserved by a failed hot-remove (R88). */
    private final List<PhysRange> leakedKmemRanges = new ArrayList<>();
    /**
     * Which registration of the device's cdev is current: dev_dax_probe (and fsdev_dax's) run
     * cdev_init on the one cdev embedded in the dax inode at every bind, which resets its
     * reference count, so a file opened under an earlier binding no longer holds it (R11).
     */
    private volatile long cdevRegistration;
    /** Whose file operations the device's cdev carries: the last driver that registered it (R104). */
    private volatile DriverKind cdevOwner = DriverKind.DEVICE_DAX;

    /** Unique per binding, so stale page-table entries never meet fresh folios. */
    private volatile long bindGeneration;

    public DevDax(DaxRegion region, int id, int minor, long align, int targetNode, int numaNode, boolean memmapOnMemory) {
        this.region = region;
        this.id = id;
        this.minor = minor;
        this.name = "dax" + region.id() + "." + id;
        this.align = align;
        this.targetNode = targetNode;
        this.numaNode = numaNode;
        this.memmapOnMemory = memmapOnMemory;
    }

    public DaxRegion region() {
        return region;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** This device's name interned in {@code events}: a small id for the event ring, assigned once. */
    public int eventId(EventRing events) {
        int id = eventId;
        if (id < 0) {
            id = events.intern(name);
            eventId = id;
        }
        return id;
    }

    public int minor() {
        return minor;
    }

    public long align() {
        return align;
    }

    public void setAlign(long align) {
        this.align = align;
    }

    public int targetNode() {
        return targetNode;
    }

    public int numaNode() {
        return numaNode;
    }

    public boolean memmapOnMemory() {
        return memmapOnMemory;
    }

    public void setMemmapOnMemory(boolean memmapOnMemory) {
        this.memmapOnMemory = memmapOnMemory;
    }

    public List<DevDaxRange> ranges() {
        return ranges;
    }

    public long size() {
        long s = 0;
        for (DevDaxRange r : ranges) {
            s += r.length();
        }
        return s;
    }

    /** R9: a new range is appended at pgoff = pages of all existing ranges; R10: lowest free mapping id. */
    public DevDaxRange appendRange(long start, long end) {
        long pgoff = 0;
        for (DevDaxRange r : ranges) {
            pgoff += r.pages();
        }
        int mid = mappingIds.nextClearBit(0);
        mappingIds.set(mid);
        DevDaxRange r = new DevDaxRange(start, end, pgoff, mid);
        ranges.add(r);
        return r;
    }

    public void replaceLastRange(DevDaxRange r) {
        ranges.set(ranges.size() - 1, r);
    }

    public void removeLastRange() {
        DevDaxRange r = ranges.remove(ranges.size() - 1);
        mappingIds.clear(r.mappingId());
    }

    public DriverKind driver() {
        return driver;
    }

    public void setDriver(DriverKind driver) {
        this.driver = driver;
    }

    public boolean isBound() {
        return driver != DriverKind.NONE;
    }

    public boolean alive() {
        return alive;
    }

    public void setAlive(boolean alive) {
        this.alive = alive;
    }

    public long cdevRegistration() {
        return cdevRegistration;
    }

    public DriverKind cdevOwner() {
        return cdevOwner;
    }

    /** Probe of device_dax or fsdev_dax: cdev_init puts that driver's file operations in the device's cdev. */
    public void setCdevOwner(DriverKind owner) {
        this.cdevOwner = owner;
        this.cdevRegistration++;
    }

    public FolioTable folios() {
        return folios;
    }

    public long bindGeneration() {
        return bindGeneration;
    }

    /** R66/R78: fresh struct pages, every folio idle, grouped by align (device_dax's vmemmap_shift). */
    public void createFolios(long generation) {
        int order = Long.numberOfTrailingZeros(align) - 12;
        this.folios = new FolioTable(size() / align, order);
        this.bindGeneration = generation;
    }

    /** R103: fresh struct pages as fsdev_dax leaves them, one order-0 folio per 4K page whatever the align. */
    public void createOrderZeroFolios(long generation) {
        this.folios = new FolioTable(size() / SZ_4K, 0);
        this.bindGeneration = generation;
    }

    public void dropFolios() {
        this.folios = null;
    }

    public boolean inconsistent() {
        return inconsistent;
    }

    public void setInconsistent(boolean inconsistent) {
        this.inconsistent = inconsistent;
    }

    public boolean stalePgmap() {
        return stalePgmap;
    }

    public void setStalePgmap(boolean stalePgmap) {
        this.stalePgmap = stalePgmap;
    }

    public List<PhysRange> hotplugged() {
        return hotplugged;
    }

    public List<PhysRange> leakedKmemRanges() {
        return leakedKmemRanges;
    }

    /** {@code resource} attribute: the first range's start, or the region start (R22). */
    public long resource() {
        return ranges.isEmpty() ? region.start() : ranges.get(0).start();
    }

    /**
     * R56 dax_pgoff_to_phys: the first range holding {@code pgoff}; the window of {@code size}
     * bytes must end inside that same range. Returns -1 when the translation fails.
     */
    public long pgoffToPhys(long pgoff, long size) {
        for (DevDaxRange r : ranges) {
            long last = r.pgoff() + r.pages() - 1;
            if (pgoff < r.pgoff() || pgoff > last) {
                continue;
            }
            long phys = r.start() + ((pgoff - r.pgoff()) << PAGE_SHIFT);
            return phys + size - 1 <= r.end() ? phys : -1;
        }
        return -1;
    }

    /** The device page offset of physical address {@code phys}, or -1 when it is not in a range. */
    public long physToPgoff(long phys) {
        for (DevDaxRange r : ranges) {
            if (phys >= r.start() && phys <= r.end()) {
                return r.pgoff() + ((phys - r.start()) >>> PAGE_SHIFT);
            }
        }
        return -1;
    }

    /**
     * Index of the folio containing device page offset {@code pgoff} (R62: folios align from range
     * starts), by the order of the folios the bound driver built (align-sized for device_dax,
     * order 0 for fsdev_dax, R103); by the align while no folios exist.
     */
    public long folioOfPgoff(long pgoff) {
        FolioTable f = folios;
        return f != null ? pgoff >>> f.order() : (pgoff << PAGE_SHIFT) / align;
    }

    @Override
    public String toString() {
        return name();
    }
}
