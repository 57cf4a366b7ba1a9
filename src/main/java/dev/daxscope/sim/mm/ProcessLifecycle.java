package dev.daxscope.sim.mm;

import dev.daxscope.model.Outcome;
import dev.daxscope.sim.state.KernelState;
import java.util.ArrayList;
import java.util.List;

/** A process's mm at fork and exit (kernel/fork.c dup_mmap, exit_mmap; R73, R74). */
final class ProcessLifecycle {
    private final KernelState state;
    private final ProcessTable processes;
    private final Unmap unmap;

    ProcessLifecycle(KernelState state, ProcessTable processes, Unmap unmap) {
        this.state = state;
        this.processes = processes;
        this.unmap = unmap;
    }

    /** fork (R73): the child gets the VMAs without entries, and the open files. */
    SimProcess fork(SimProcess parent, String childName) {
        SimProcess child = processes.spawn(childName);
        synchronized (parent.mmapLock()) {
            List<Vma> copies = new ArrayList<>();
            for (Vma v : parent.vmas()) {
                copies.add(v.emptyCopy());
            }
            child.publishVmas(copies);
            parent.files().forEach((fd, f) -> child.files().put(fd, f));
            child.inheritAddressSpace(parent);
            child.setMceKill(parent.mceKill());
            child.setThpDisabled(parent.thpDisabled());
            processes.anon().forked(parent, child);
        }
        state.bumpGeneration();
        return child;
    }

    /** exit (R74): every entry zapped, GUP handles released, files closed. */
    Outcome exit(SimProcess p) {
        if (!p.alive()) {
            return RangeChecks.exited(p);
        }
        synchronized (p.mmapLock()) {
            p.markExited();
            Vma[] old = p.vmas();
            p.publishVmas(List.of());
            state.srcu().synchronize();
            for (Vma v : old) {
                unmap.zapRange(p, v, v.start(), v.end());
            }
            for (GupHandle h : p.handles().values()) {
                Gup.releaseGrabs(h);
            }
            p.handles().clear();
            p.files().clear();
            processes.anon().exited(p);
        }
        state.bumpGeneration();
        return Outcome.ok();
    }
}
