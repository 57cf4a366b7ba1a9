package dev.daxscope.sim.mm;

import static dev.daxscope.sim.dax.DevDax.SZ_4K;

import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.FolioTable;
import dev.daxscope.sim.lib.KernelParse;
import dev.daxscope.sim.state.KernelState;
import java.util.List;

/** pin_user_pages and get_user_pages (mm/gup.c, R75): fault the range in, then hold its folios. */
final class Gup {
    private final KernelState state;
    private final FaultPath faults;
    private final FaultContext defaultContext;

    Gup(KernelState state, FaultPath faults, FaultContext defaultContext) {
        this.state = state;
        this.faults = faults;
        this.defaultContext = defaultContext;
    }

    /** pin_user_pages / get_user_pages of {@code [addr, addr+len)} (R75): faults pages in, then takes references. */
    HandleResult gup(SimProcess p, long addr, long len, boolean pin) {
        if (!p.alive()) {
            return HandleResult.failed(RangeChecks.exited(p));
        }
        Outcome bad = RangeChecks.gup(addr, len);
        if (bad != null) {
            return HandleResult.failed(bad);
        }
        GupHandle.Runs taken = new GupHandle.Runs();
        long end = (addr & ~(SZ_4K - 1)) + RangeChecks.pageAlign(len);
        for (long a = addr & ~(SZ_4K - 1); a < end; a += SZ_4K) {
            Outcome r = faults.access(defaultContext, p, a, false);
            if (!r.isOk()) {
                taken.grabs().forEach(g -> g.apply(-1));
                return HandleResult.failed(Outcome.fail(Errno.EFAULT, "R75", "page at " + KernelParse.hex(a) + " cannot be faulted in ("
                        + r.token() + ")"));
            }
            Vma v = p.findVma(a);
            DevDax dev = v.device();
            FolioTable folios = dev.folios();
            long folio = dev.folioOfPgoff(v.pgoffOf(a));
            int refs = pin ? (folios.order() == 0 ? 1024 : 1) : 1;
            int pages = pin ? 1 : 0;
            taken.add(folios, folio, refs, pages);
        }
        int handle;
        List<GupHandle.Grab> grabs = List.copyOf(taken.grabs());
        synchronized (p.mmapLock()) {
            handle = p.addHandle(new GupHandle(pin, grabs));
        }
        state.bumpGeneration();
        return new HandleResult(Outcome.ok(), handle);
    }

    Outcome release(SimProcess p, int handle) {
        GupHandle h;
        synchronized (p.mmapLock()) {
            h = p.handles().remove(handle);
        }
        if (h == null) {
            return Outcome.fail(Errno.EINVAL, "R75", "no such pin/get handle");
        }
        releaseGrabs(h);
        state.bumpGeneration();
        return Outcome.ok();
    }

    static void releaseGrabs(GupHandle h) {
        h.grabs().forEach(g -> g.apply(-1));
    }
}
