package dev.daxscope.sim.mm;

import static dev.daxscope.sim.dax.DevDax.SZ_4K;

import dev.daxscope.model.Outcome;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.FolioTable;
import dev.daxscope.sim.lib.KernelParse;
import dev.daxscope.sim.lib.Srcu;

/**
 * handle_mm_fault for device-DAX mappings (R48-R65): no fault when a present entry allows the
 * access, else the mapping's huge_fault at PUD, PMD, then PTE level; a touched poisoned line
 * machine-checks again (R93).
 *
 * <p>Lock-free: it reads the process's published VMA array and the device's folio table inside
 * an SRCU read section, and the handler installs entries with a compare-and-set on the slot.
 */
final class FaultPath {
    private final Srcu srcu;
    private final MemoryFailure poison;
    private final VmOperations ops;

    FaultPath(Srcu srcu, MemoryFailure poison, VmOperations ops) {
        this.srcu = srcu;
        this.poison = poison;
        this.ops = ops;
    }

    /** One load or store at {@code addr} by {@code p}. */
    Outcome access(FaultContext ctx, SimProcess p, long addr, boolean write) {
        if (!p.alive()) {
            return RangeChecks.exited(p);
        }
        int srcuSlot = ctx.srcuSlot();
        srcu.enter(srcuSlot);
        try {
            Vma v = p.findVma(addr);
            if (v == null) {
                return sigsegv(addr, "MAPERR", "no mapping at " + KernelParse.hex(addr));
            }
            if (write && !v.writable()) {
                return sigsegv(addr, "ACCERR", "store to a read-only mapping");
            }
            if (presentAndUpgraded(v, addr, write)) {
                return poisonCheck(p, v, addr);
            }
            Outcome r = fault(ctx, p, v, addr, write);
            return r.isOk() ? poisonCheck(p, v, addr) : r;
        } finally {
            srcu.exit(srcuSlot);
        }
    }

    private static Outcome sigsegv(long addr, String code, String why) {
        return new Outcome.Signal("SIGSEGV", code, addr, "", why);
    }

    /** A present entry that permits the access means no fault (R65); a store to a clean entry upgrades it (R64). */
    private static boolean presentAndUpgraded(Vma v, long addr, boolean write) {
        long off = addr - v.start();
        for (int shift = Vma.PUD_SHIFT; shift >= Vma.PTE_SHIFT; shift -= 9) {
            EntryTable t = v.table(shift);
            long slot = off >> shift;
            long e = t.get(slot);
            if (e != 0) {
                if (write && (e & EntryTable.DIRTY) == 0) {
                    t.setBits(slot, EntryTable.DIRTY | EntryTable.WRITABLE);
                }
                return true;
            }
        }
        return false;
    }

    /** create_huge_pud, create_huge_pmd, then the PTE fault, each falling back to the next (R52-R54). */
    private Outcome fault(FaultContext ctx, SimProcess p, Vma v, long addr, boolean write) {
        boolean hugeAllowed = !v.noHugepage() && !p.thpDisabled();
        if (hugeAllowed) {
            Outcome r = ops.hugeFault(ctx, p, v, addr, write, Vma.PUD_SHIFT);
            if (r != VmOperations.FALLBACK) {
                return r;
            }
            r = ops.hugeFault(ctx, p, v, addr, write, Vma.PMD_SHIFT);
            if (r != VmOperations.FALLBACK) {
                return r;
            }
        }
        return ops.hugeFault(ctx, p, v, addr, write, Vma.PTE_SHIFT);
    }

    /** Whether an access by {@code p} at {@code addr} would touch a poisoned line (no side effects). */
    boolean touchesPoison(SimProcess p, long addr) {
        Vma v = p.findVma(addr);
        if (v == null || !poison.hasPoisonedFolios(v.device())) {
            return false;
        }
        long phys = v.device().pgoffToPhys(v.pgoffOf(addr), SZ_4K);
        return phys >= 0 && poison.isPoisonedLine(phys);
    }

    /** R93: touching a poisoned line machine-checks again: SIGBUS BUS_MCEERR_AR for the toucher. */
    private Outcome poisonCheck(SimProcess p, Vma v, long addr) {
        DevDax dev = v.device();
        FolioTable folios = dev.folios();
        if (folios == null || !poison.hasPoisonedFolios(dev)) {
            return Outcome.ok();
        }
        long pgoff = v.pgoffOf(addr);
        long phys = dev.pgoffToPhys(pgoff, SZ_4K);
        if (phys < 0 || !poison.isPoisonedLine(phys)) {
            return Outcome.ok();
        }
        return poison.memoryFailure(phys, p, addr);
    }
}
