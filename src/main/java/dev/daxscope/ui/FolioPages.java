package dev.daxscope.ui;

import dev.daxscope.model.FolioInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MachineSnapshot.VmaInfo;
import dev.daxscope.source.PageMapSummary;
import java.util.Optional;

/**
 * The pages of one folio, for the page map zoomed past one folio per cell: each 4 KiB page a
 * cell. As the kernel counts them, a page's refcount is its folio's ({@code page_count()} of any
 * page reads the head's), pins are the folio's too, and its mapcount is the entries mapping the
 * whole folio (PMD, PUD) plus the PTEs mapping that page ({@code page_mapcount()}).
 */
final class FolioPages {
    static final long PAGE = 4096;

    private final FolioInfo folio;
    private final int[] map;
    private final byte[] level;

    private FolioPages(FolioInfo folio, int[] map, byte[] level) {
        this.folio = folio;
        this.map = map;
        this.level = level;
    }

    /** The pages of {@code folio}; PTE entries are placed through the mappings of {@code snap}. */
    static FolioPages of(FolioInfo folio, MachineSnapshot snap) {
        int pages = pagesOf(folio);
        int[] map = new int[pages];
        byte[] level = new byte[pages];
        for (FolioInfo.Mapper m : folio.mappers()) {
            if (m.level().equals("PTE")) {
                pageOf(folio, m, snap).ifPresent(p -> {
                    map[p]++;
                    level[p] = (byte) Math.max(level[p], 1);
                });
            } else {
                byte lv = (byte) (m.level().equals("PMD") ? 2 : 3);
                for (int p = 0; p < pages; p++) {
                    map[p]++;
                    level[p] = (byte) Math.max(level[p], lv);
                }
            }
        }
        return new FolioPages(folio, map, level);
    }

    static int pagesOf(FolioInfo folio) {
        return 1 << folio.order();
    }

    /** The page of {@code folio} a PTE mapper's address maps, found through its process's mapping. */
    private static Optional<Integer> pageOf(FolioInfo folio, FolioInfo.Mapper m, MachineSnapshot snap) {
        return snap.processes().stream().filter(p -> p.pid() == m.pid()).flatMap(p -> p.vmas().stream())
                .filter(v -> v.device().equals(folio.device()) && v.start() <= m.address() && m.address() < v.end())
                .findFirst().map(v -> pageIndex(v, m.address()) - folio.pgoff())
                .filter(p -> p >= 0 && p < pagesOf(folio)).map(Long::intValue);
    }

    private static long pageIndex(VmaInfo v, long address) {
        return v.pgoff() + (address - v.start()) / PAGE;
    }

    FolioInfo folio() {
        return folio;
    }

    int pages() {
        return map.length;
    }

    int mapcount(int page) {
        return map[page];
    }

    /**
     * Pages {@code [from, to)} of the folio in at most {@code cells} cells, as the page map draws a
     * window of folios: the window counts device pages, so a cell's bytes are the page's device bytes.
     */
    PageMapSummary summary(long from, long to, int cells, long devicePages) {
        long[] w = PageMapSummary.window(from, to, map.length);
        int n = (int) Math.max(0, Math.min(cells, w[1] - w[0]));
        int[] ref = new int[n];
        int[] mapOut = new int[n];
        int[] pin = new int[n];
        byte[] levelOut = new byte[n];
        boolean[] poisoned = new boolean[n];
        long[] stamp = new long[n];
        long first = folio.pgoff();
        PageMapSummary s = new PageMapSummary(folio.device(), devicePages, PAGE, n, ref, mapOut, pin, levelOut, poisoned,
                stamp, true, "", false, first + w[0], first + w[1]);
        for (int i = 0; i < n; i++) {
            long[] bytes = s.cellBytes(i);
            for (long p = bytes[0] / PAGE - first; p < bytes[1] / PAGE - first; p++) {
                mapOut[i] = Math.max(mapOut[i], map[(int) p]);
                levelOut[i] = (byte) Math.max(levelOut[i], level[(int) p]);
            }
            ref[i] = folio.refcount();
            pin[i] = folio.pinnedPages();
            poisoned[i] = folio.poisoned();
            stamp[i] = 31L * folio.refcount() + mapOut[i];
        }
        return s;
    }

    /** What the hover and the keyboard cursor say of page {@code page} of the folio. */
    String describe(int page) {
        int entire = (int) folio.mappers().stream().filter(m -> !m.level().equals("PTE")).count();
        StringBuilder b = new StringBuilder();
        b.append(folio.device()).append(" folio ").append(Format.count(folio.folio())).append(" page ").append(page)
                .append(" of ").append(map.length).append('\n')
                .append("pfn ").append(Format.hex(folio.pfn() + page)).append("   pgoff ").append(Format.hex(folio.pgoff() + page))
                .append('\n').append("ref ").append(folio.refcount()).append("   map ").append(map[page]).append("   pin ")
                .append(folio.pinnedPages()).append('\n').append("ref and pin are the folio's; map: ").append(entire)
                .append(" entr").append(entire == 1 ? "y" : "ies").append(" mapping the whole folio + ")
                .append(map[page] - entire).append(" PTE").append(map[page] - entire == 1 ? "" : "s").append(" of this page");
        if (folio.poisoned()) {
            b.append("\nHWPoison");
        }
        return b.toString();
    }
}
