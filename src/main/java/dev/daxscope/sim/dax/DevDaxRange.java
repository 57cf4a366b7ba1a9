package dev.daxscope.sim.dax;

import static dev.daxscope.model.PageSizes.PAGE_SHIFT;

/** One physical range of a device (R9): {@code [start, end]} inclusive, at device page offset {@code pgoff}. */
public record DevDaxRange(long start, long end, long pgoff, int mappingId) {
    public long length() {
        return end - start + 1;
    }

    public long pages() {
        return length() >>> PAGE_SHIFT;
    }

    public DevDaxRange withEnd(long newEnd) {
        return new DevDaxRange(start, newEnd, pgoff, mappingId);
    }
}
