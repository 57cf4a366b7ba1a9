package dev.daxscope.source;

/**
 * A device's folios folded into {@code cells} cells: for each cell the largest refcount,
 * mapcount and pin count of its folios, the entry level seen (0 none, 1 PTE, 2 PMD, 3 PUD), a
 * poison mark, and a change stamp that moves when any folio of the cell changed.
 */
public record PageMapSummary(String device, long folioCount, long folioSize, int cells, int[] maxRef, int[] maxMap,
                             int[] maxPin, byte[] level, boolean[] poisoned, long[] changeStamp, boolean hasStructPages,
                             String unavailableReason) {

    /** No folio data for {@code device}, and why (shown instead of the map). */
    public static PageMapSummary unavailable(String device, String reason) {
        return new PageMapSummary(device, 0, 0, 0, new int[0], new int[0], new int[0], new byte[0], new boolean[0],
                new long[0], false, reason);
    }

    /** Folios per cell (at least 1). */
    public double foliosPerCell() {
        return cells == 0 ? 0 : Math.max(1.0, folioCount / (double) cells);
    }
}
