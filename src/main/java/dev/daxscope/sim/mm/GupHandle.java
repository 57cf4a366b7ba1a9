package dev.daxscope.sim.mm;

import dev.daxscope.sim.dax.FolioTable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * References taken by one pin_user_pages / get_user_pages call (R75): runs of consecutive folios
 * that each got the same refs and pinned pages, so {@code release} gives back exactly the same.
 * A pin costs the kernel a refcount per folio; a handle costs a few runs, not a record per page.
 */
public record GupHandle(boolean pin, List<Grab> grabs) {

    /** {@code count} consecutive folios from {@code folio} of one table, each given {@code refs} and {@code pinnedPages}. */
    public record Grab(FolioTable folios, long folio, long count, int refs, int pinnedPages) {
        /** Each folio of the run, in order. */
        public void forEachFolio(LongConsumer action) {
            for (long f = folio; f < folio + count; f++) {
                action.accept(f);
            }
        }

        /** Adds (sign 1) or gives back (sign -1) the run's references. */
        void apply(int sign) {
            forEachFolio(f -> folios.addPin(f, sign * refs, sign * pinnedPages));
        }
    }

    /** Collects what a call takes page by page into runs: per folio first, then folios that got the same. */
    static final class Runs {
        private final List<Grab> grabs = new ArrayList<>();
        private FolioTable table;
        private long folio = -1;
        private int refs;
        private int pages;

        /** One page's share: {@code refs} and {@code pinnedPages} on {@code folio} of {@code folios}. */
        void add(FolioTable folios, long onFolio, int addRefs, int addPages) {
            if (folios != table || onFolio != folio) {
                flush();
                table = folios;
                folio = onFolio;
            }
            refs += addRefs;
            pages += addPages;
        }

        /** The runs taken so far (what is to be given back when the call fails half-way, too). */
        List<Grab> grabs() {
            flush();
            return grabs;
        }

        private void flush() {
            if (table == null) {
                return;
            }
            table.addPin(folio, refs, pages);
            Grab last = grabs.isEmpty() ? null : grabs.getLast();
            if (last != null && last.folios() == table && last.folio() + last.count() == folio && last.refs() == refs
                    && last.pinnedPages() == pages) {
                grabs.set(grabs.size() - 1, new Grab(table, last.folio(), last.count() + 1, refs, pages));
            } else {
                grabs.add(new Grab(table, folio, 1, refs, pages));
            }
            table = null;
            refs = 0;
            pages = 0;
        }
    }
}
