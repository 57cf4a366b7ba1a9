package dev.daxscope.sim.dax;

import dev.daxscope.model.RegionKind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/** A {@code dax_region} (R1, R3): its physical range, align, flags and devices. */
public final class DaxRegion {

    /** A child of the region's private resource tree: one range of one device. */
    public record Child(DevDax owner, DevDaxRange range) {
    }

    private final int id;
    private final String alias;
    private final RegionKind kind;
    private final String parentPath;
    private final long start;
    private final long size;
    private final long align;
    private final int targetNode;
    private final boolean staticRegion;
    private final boolean kmemDefault;
    private final TreeMap<Integer, DevDax> devices = new TreeMap<>();
    private final BitSet deviceIds = new BitSet();
    private DevDax seed;
    private DevDax youngest;
    private boolean removed;

    public DaxRegion(int id, String alias, RegionKind kind, String parentPath, long start, long size, long align,
                     int targetNode, boolean staticRegion, boolean kmemDefault) {
        this.id = id;
        this.alias = alias;
        this.kind = kind;
        this.parentPath = parentPath;
        this.start = start;
        this.size = size;
        this.align = align;
        this.targetNode = targetNode;
        this.staticRegion = staticRegion;
        this.kmemDefault = kmemDefault;
    }

    public int id() {
        return id;
    }

    public String alias() {
        return alias;
    }

    public RegionKind kind() {
        return kind;
    }

    /** The provider device's path below {@code /sys/devices}, e.g. {@code /platform/hmem.0}. */
    public String parentPath() {
        return parentPath;
    }

    public long start() {
        return start;
    }

    public long end() {
        return start + size - 1;
    }

    public long size() {
        return size;
    }

    public long align() {
        return align;
    }

    public int targetNode() {
        return targetNode;
    }

    public boolean isStatic() {
        return staticRegion;
    }

    /** IORESOURCE_DAX_KMEM: devices match kmem by default (R3, R18). */
    public boolean kmemDefault() {
        return kmemDefault;
    }

    public TreeMap<Integer, DevDax> devices() {
        return devices;
    }

    public int allocateDeviceId() {
        int next = deviceIds.nextClearBit(0);
        deviceIds.set(next);
        return next;
    }

    public void reserveDeviceId(int devId) {
        deviceIds.set(devId);
    }

    public void freeDeviceId(int devId) {
        deviceIds.clear(devId);
    }

    public DevDax seed() {
        return seed;
    }

    public void setSeed(DevDax seed) {
        this.seed = seed;
    }

    public DevDax youngest() {
        return youngest;
    }

    public void setYoungest(DevDax youngest) {
        this.youngest = youngest;
    }

    public boolean removed() {
        return removed;
    }

    public void markRemoved() {
        this.removed = true;
    }

    /** All ranges of all devices, in ascending start address (the private resource tree). */
    public List<Child> children() {
        List<Child> out = new ArrayList<>();
        for (DevDax d : devices.values()) {
            for (DevDaxRange r : d.ranges()) {
                out.add(new Child(d, r));
            }
        }
        out.sort(Comparator.comparingLong(c -> c.range().start()));
        return out;
    }

    /** R5. */
    public long availableSize() {
        long used = 0;
        for (DevDax d : devices.values()) {
            used += d.size();
        }
        return size - used;
    }

    public boolean contains(long addr) {
        return addr >= start && addr <= end();
    }
}
