package dev.daxscope.sim.dax;

/** A physical address range {@code [start, end]}, inclusive, as /proc/iomem and the hot-plug code write it. */
public record PhysRange(long start, long end) {
    public boolean overlaps(long otherStart, long otherEnd) {
        return start <= otherEnd && end >= otherStart;
    }
}
