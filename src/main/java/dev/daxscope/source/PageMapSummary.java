package dev.daxscope.source;

import dev.daxscope.model.FolioCounter;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.ProcessInfo;
import dev.daxscope.model.MachineSnapshot.VmaInfo;
import java.util.List;

/**
 * A device's folios folded into {@code cells} cells: for each cell the largest refcount,
 * mapcount and pin count of its folios, the entry level seen (0 none, 1 PTE, 2 PMD, 3 PUD), a
 * poison mark, and a change stamp that moves when any folio of the cell changed. {@code derived}
 * counts were inferred from what user space can see, not read from the kernel. The cells cover
 * folios {@code [windowStart, windowEnd)} of the device's {@code folioCount} (all of them unless
 * the page map is zoomed in).
 */
public record PageMapSummary(String device, long folioCount, long folioSize, int cells, int[] maxRef, int[] maxMap,
                             int[] maxPin, byte[] level, boolean[] poisoned, long[] changeStamp, boolean hasStructPages,
                             String unavailableReason, boolean derived, long windowStart, long windowEnd) {

    /** Cell {@code i}'s largest value of {@code counter}. */
    public int max(FolioCounter counter, int i) {
        return switch (counter) {
            case REFCOUNT -> maxRef[i];
            case MAPCOUNT -> maxMap[i];
            case PINS -> maxPin[i];
        };
    }

    /** {@code [from, to)} clamped to a device of {@code count} folios; never empty unless the device is. */
    public static long[] window(long from, long to, long count) {
        long start = Math.max(0, Math.min(from, count - 1));
        long end = Math.max(start + 1, Math.min(to, count));
        return count <= 0 ? new long[] {0, 0} : new long[] {start, end};
    }

    /** No folio data for {@code device}, and why (shown instead of the map). */
    public static PageMapSummary unavailable(String device, String reason) {
        return new PageMapSummary(device, 0, 0, 0, new int[0], new int[0], new int[0], new byte[0], new boolean[0],
                new long[0], false, reason, false, 0, 0);
    }

    /**
     * What user space can say about a real device's pages, whose kernel counts read 0 (R99): per
     * cell, how many /dev/dax mappings seen in /proc/PID/maps cover it (map) and 1 + that (ref).
     * A mapping is not a fault, so these are upper bounds, labelled derived.
     */
    public static PageMapSummary derivedFromMappings(DeviceInfo device, List<ProcessInfo> processes, long from, long to,
                                                     int cells) {
        // fsdev_dax (famfs mode) leaves order-0 folios whatever the align (R103)
        long folioSize = device.famfs() ? 4096 : Math.max(4096, device.align());
        long count = device.size() / folioSize;
        long[] w = window(from, to, count);
        int n = (int) Math.max(0, Math.min(cells, w[1] - w[0]));
        List<VmaInfo> vmas = processes.stream().flatMap(p -> p.vmas().stream())
                .filter(v -> v.device().equals(device.name())).toList();
        int[] ref = new int[n];
        int[] map = new int[n];
        long[] stamp = new long[n];
        PageMapSummary s = new PageMapSummary(device.name(), count, folioSize, n, ref, map, new int[n], new byte[n],
                new boolean[n], stamp, true, "", true, w[0], w[1]);
        for (int i = 0; i < n; i++) {
            long[] cell = s.cellBytes(i);
            for (VmaInfo v : vmas) {
                if (v.deviceStart() < cell[1] && cell[0] < v.deviceEnd()) {
                    map[i]++;
                }
            }
            ref[i] = 1 + map[i];
            stamp[i] = map[i];
        }
        return s;
    }

    /**
     * The device bytes {@code [start, end)} that cell {@code i} stands for: the same folio split
     * as FolioTable.summarize, so highlights, hover and derived counts name the cell's real folios.
     */
    public long[] cellBytes(int i) {
        long span = windowEnd - windowStart;
        long first = windowStart + span * i / cells;
        long end = Math.max(first + 1, windowStart + span * (i + 1) / cells);
        return new long[] {first * folioSize, end * folioSize};
    }

    /** Folios per cell (at least 1). */
    public double foliosPerCell() {
        return cells == 0 ? 0 : Math.max(1.0, (windowEnd - windowStart) / (double) cells);
    }

    /** Whether the cells cover only part of the device. */
    public boolean zoomed() {
        return windowEnd - windowStart < folioCount;
    }
}
