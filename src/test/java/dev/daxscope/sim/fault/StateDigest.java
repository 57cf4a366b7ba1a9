package dev.daxscope.sim.fault;

import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.FolioTable;
import dev.daxscope.sim.mm.EntryTable;
import dev.daxscope.sim.mm.SimProcess;
import dev.daxscope.sim.mm.Vma;

/** A text digest of everything the fault path can change: folio counters, entries, RssFile, signals. */
final class StateDigest {
    private StateDigest() {
    }

    static String of(Kernel k) {
        StringBuilder b = new StringBuilder();
        for (DevDax d : k.devices()) {
            b.append(d.name()).append(' ').append(d.driver()).append('\n');
            FolioTable f = d.folios();
            if (f != null) {
                f.forEachActive(x -> b.append("  folio ").append(x).append(" ref=").append(f.refcount(x)).append(" map=")
                        .append(f.mapcount(x)).append(" pin=").append(f.pinnedPages(x)).append(" flags=").append(f.flags(x))
                        .append(" index=").append(f.index(x)).append('\n'));
            }
        }
        for (SimProcess p : k.processes().values()) {
            b.append(p.name()).append(" alive=").append(p.alive()).append(" rss=").append(p.rssFile()).append(" signals=")
                    .append(p.drainSignals()).append('\n');
            for (Vma v : p.vmas()) {
                b.append("  vma ").append(Long.toHexString(v.start())).append('-').append(Long.toHexString(v.end())).append('\n');
                for (int shift : new int[] {12, 21, 30}) {
                    EntryTable t = v.table(shift);
                    t.forEach(0, t.slots(), (slot, e) -> b.append("    ").append(shift).append(':').append(slot).append('=')
                            .append(Long.toHexString(e)).append('\n'));
                }
            }
        }
        return b.toString();
    }
}
