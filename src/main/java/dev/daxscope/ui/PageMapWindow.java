package dev.daxscope.ui;

import dev.daxscope.model.FolioInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.PageMapSummary;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which part of a device the page map shows: a window of its folios (the whole device when not
 * zoomed), or, zoomed in past one folio per cell, a window of one folio's pages. Zoom and pan move
 * it; {@link #summary} reads what it covers now.
 */
final class PageMapWindow {
    /** Zooming in stops when this many folios fill the map; the next step opens a folio's pages. */
    private static final long MIN_FOLIOS = 64;
    /** Zooming into a large folio's pages stops when this many fill the map. */
    private static final long MIN_PAGES = 64;

    private final Supplier<MachineSnapshot> snapshot;
    private DaxSource source;
    private String device;
    /** Folios {@code [zoomFrom, zoomTo)} are shown; the whole device when not zoomed. */
    private long zoomFrom;
    private long zoomTo = Long.MAX_VALUE;
    /** The folio whose pages are shown, null while folios are; pages {@code [pageFrom, pageTo)} of it. */
    private FolioPages pages;
    private long pageFrom;
    private long pageTo;
    /** The open folio's change stamp when its pages were read: they are read again only when it moves. */
    private long pagesStamp;

    PageMapWindow(Supplier<MachineSnapshot> snapshot) {
        this.snapshot = snapshot;
    }

    /** Shows {@code device} of {@code source}; with {@code keep}, the window stays where it was (another kernel). */
    void show(DaxSource source, String device, boolean keep) {
        this.source = source;
        this.device = device;
        if (!keep) {
            fit();
        }
        // The open folio's pages are read again from the source of now.
        pagesStamp = Long.MIN_VALUE;
    }

    /**
     * The device's folio count, from a one-cell summary: a full machine snapshot (which counts every
     * process's entries) would cost tens of milliseconds on a 1 TiB device with 10 M mapped pages.
     */
    long folioCount() {
        return device == null ? 0 : source.pageMap(device, 0, 1, 1).folioCount();
    }

    /** Folios (or pages) in the window. */
    long shown() {
        if (pages != null) {
            return pageTo - pageFrom;
        }
        long count = folioCount();
        return Math.max(1, Math.min(zoomTo, count) - Math.min(zoomFrom, Math.max(0, count - 1)));
    }

    /**
     * Zooms by {@code factor} (2 = twice as close) keeping what is at {@code fraction} of the window
     * in place. Zoomed in as far as folios go ({@code last} shows one per cell), the next step opens
     * the folio there; zooming out of a whole folio's pages goes back to the folios.
     */
    void zoom(double factor, double fraction, PageMapSummary last) {
        if (pages != null) {
            long span = pageTo - pageFrom;
            if (factor < 1 && span >= pages.pages()) {
                pages = null;
                return;
            }
            long newSpan = Math.max(Math.min(MIN_PAGES, pages.pages()), Math.min(pages.pages(), Math.round(span / factor)));
            setPages(pageFrom + Math.round(span * fraction) - Math.round(newSpan * fraction), newSpan);
            return;
        }
        long count = folioCount();
        if (count <= 0) {
            return;
        }
        long from = Math.min(zoomFrom, count - 1);
        long span = Math.min(zoomTo, count) - from;
        long newSpan = Math.max(Math.min(MIN_FOLIOS, count), Math.min(count, Math.round(span / factor)));
        if (factor > 1 && newSpan == span && last != null && last.cells() > 0) {
            openPages(last, (int) Math.min(last.cells() - 1, Math.max(0, Math.floor(fraction * last.cells()))));
            return;
        }
        setFolios(from + Math.round(span * fraction) - Math.round(newSpan * fraction), newSpan, count);
    }

    /** Moves the window by {@code fraction} of its width (negative: towards page offset 0). */
    void pan(double fraction) {
        if (pages != null) {
            long span = pageTo - pageFrom;
            setPages(pageFrom + Math.round(span * fraction), span);
            return;
        }
        long count = folioCount();
        long from = Math.min(zoomFrom, Math.max(0, count - 1));
        long span = Math.min(zoomTo, count) - from;
        setFolios(from + Math.round(span * fraction), span, count);
    }

    /** The whole device again. */
    void fit() {
        pages = null;
        zoomFrom = 0;
        zoomTo = Long.MAX_VALUE;
    }

    private void setFolios(long from, long span, long count) {
        zoomFrom = Math.max(0, Math.min(from, count - span));
        zoomTo = span >= count ? Long.MAX_VALUE : zoomFrom + span;
    }

    private void setPages(long from, long span) {
        pageFrom = Math.max(0, Math.min(from, pages.pages() - span));
        pageTo = pageFrom + span;
    }

    /**
     * Opens the pages of the folio in cell {@code cell} of {@code last} (one folio per cell, kernel
     * counts); false when there is nothing to open (a 4 KiB folio is its page; derived counts have none).
     */
    boolean openPages(PageMapSummary last, int cell) {
        if (pages != null || last.derived() || !last.hasStructPages() || last.foliosPerCell() > 1 || cell >= last.cells()) {
            return false;
        }
        long folio = last.windowStart() + cell;
        Optional<FolioInfo> f = source.folio(device, folio * (last.folioSize() / FolioPages.PAGE));
        if (f.isEmpty() || f.get().order() == 0) {
            return false;
        }
        pages = FolioPages.of(f.get(), snapshot.get());
        pagesStamp = folioStamp();
        pageFrom = 0;
        pageTo = pages.pages();
        return true;
    }

    /** Back from a folio's pages to the folios around it. */
    void closePages() {
        pages = null;
    }

    /** The open folio's pages, null while folios are shown. */
    FolioPages pages() {
        return pages;
    }

    /** The shown folios {from, to} of {@code last}; in a folio's pages, that one folio. */
    long[] folios(PageMapSummary last) {
        if (pages != null) {
            return new long[] {pages.folio().folio(), pages.folio().folio() + 1};
        }
        return last == null ? new long[] {0, 0} : new long[] {last.windowStart(), last.windowEnd()};
    }

    private long folioStamp() {
        long folio = pages.folio().folio();
        long[] stamp = source.pageMap(device, folio, folio + 1, 1).changeStamp();
        return stamp.length == 0 ? 0 : stamp[0];
    }

    /** What the window covers now in at most {@code cells} cells (an open folio's pages read again when it changed). */
    PageMapSummary summary(int cells) {
        if (pages == null) {
            return source.pageMap(device, zoomFrom, zoomTo, cells);
        }
        long stamp = folioStamp();
        if (stamp != pagesStamp) {
            pagesStamp = stamp;
            long folio = pages.folio().folio();
            source.folio(device, pages.folio().pgoff()).filter(f -> f.folio() == folio)
                    .ifPresent(f -> pages = FolioPages.of(f, snapshot.get()));
        }
        return pages.summary(pageFrom, pageTo, cells, folioCount() * FolioPages.pagesOf(pages.folio()));
    }
}
