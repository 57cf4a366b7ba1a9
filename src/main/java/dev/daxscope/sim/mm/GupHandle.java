package dev.daxscope.sim.mm;

import dev.daxscope.sim.dax.FolioTable;
import java.util.List;

/**
 * References taken by one pin_user_pages / get_user_pages call (R75): for each folio, the refs
 * added and the pages pinned, so {@code release} gives back exactly the same.
 */
public record GupHandle(boolean pin, List<Grab> grabs) {

    /** One folio's share of the handle. */
    public record Grab(FolioTable folios, long folio, int refs, int pinnedPages) {
    }
}
