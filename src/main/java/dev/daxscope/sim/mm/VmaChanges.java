package dev.daxscope.sim.mm;

import static dev.daxscope.model.PageSizes.PAGE_SHIFT;

import static dev.daxscope.sim.dax.DevDax.SZ_4K;

import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.lib.KernelParse;
import dev.daxscope.sim.state.KernelState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Changes to existing mappings: munmap, mprotect, madvise and mremap (mm/vma.c, mprotect.c,
 * madvise.c, mremap.c; R45, R64, R71, R72), each split where the driver allows it.
 */
final class VmaChanges {
    private final KernelState state;
    private final Unmap unmap;
    private final VmOperations ops;

    VmaChanges(KernelState state, Unmap unmap, VmOperations ops) {
        this.state = state;
        this.unmap = unmap;
        this.ops = ops;
    }

    private static Outcome splitRefused(Vma v, long addr) {
        return Outcome.fail(Errno.EINVAL, "R45", "splitting the mapping of " + v.device().name() + " at "
                + KernelParse.hex(addr) + " is refused: not a multiple of the device align " + v.device().align());
    }

    /** What every range operation checks first: a live process, then Linux's argument checks. */
    private static Outcome rangeOpRefusal(SimProcess p, Supplier<Outcome> checks) {
        return p.alive() ? checks.get() : RangeChecks.exited(p);
    }

    /** munmap (R45, R72). */
    Outcome munmap(SimProcess p, long addr, long len) {
        Outcome bad = rangeOpRefusal(p, () -> RangeChecks.munmap(addr, len));
        if (bad != null) {
            return bad;
        }
        long end = addr + RangeChecks.pageAlign(len);
        synchronized (p.mmapLock()) {
            for (Vma v : p.vmas()) {
                if (v.end() > addr && v.start() < end) {
                    if (!ops.maySplit(v, addr)) {
                        return splitRefused(v, addr);
                    }
                    if (!ops.maySplit(v, end)) {
                        return splitRefused(v, end);
                    }
                }
            }
            unmap.removeRange(p, addr, end);
        }
        state.bumpGeneration();
        return Outcome.ok();
    }

    /** mprotect (R45, R64): read-only clears the writable bit of present entries; no count changes. */
    Outcome mprotect(SimProcess p, long addr, long len, boolean writable) {
        long end = addr + RangeChecks.pageAlign(len);
        Outcome bad = rangeOpRefusal(p, () -> {
            Outcome args = RangeChecks.mprotect(addr, len);
            return args != null ? args : RangeChecks.holePastTaskSize(addr, end);
        });
        if (bad != null) {
            return bad;
        }
        synchronized (p.mmapLock()) {
            Outcome refused = checkCoveredAndSplittable(p, addr, end);
            if (refused != null) {
                return refused;
            }
            for (Vma v : p.vmas()) {
                if (v.end() > addr && v.start() < end && writable && !v.file().writable()) {
                    return Outcome.fail(Errno.EACCES, "R42", "PROT_WRITE on a mapping of a file opened read-only");
                }
            }
            unmap.rebuild(p, addr, end, slice -> slice.slice(slice.start(), slice.end(), writable, slice.noHugepage()));
            if (!writable) {
                for (Vma v : p.vmas()) {
                    if (v.end() > addr && v.start() < end) {
                        for (int shift : new int[] {Vma.PTE_SHIFT, Vma.PMD_SHIFT, Vma.PUD_SHIFT}) {
                            EntryTable t = v.table(shift);
                            t.forEach(0, t.slots(), (slot, e) -> t.clearBits(slot, EntryTable.WRITABLE));
                        }
                    }
                }
            }
        }
        state.bumpGeneration();
        return Outcome.ok();
    }

    private Outcome checkCoveredAndSplittable(SimProcess p, long addr, long end) {
        long covered = addr;
        for (Vma v : p.vmas()) {
            if (v.end() <= addr || v.start() >= end) {
                continue;
            }
            if (v.start() > covered) {
                return Outcome.fail(Errno.ENOMEM, "", "[" + KernelParse.hex(covered) + ", " + KernelParse.hex(v.start())
                        + ") is not mapped");
            }
            if (!ops.maySplit(v, addr)) {
                return splitRefused(v, addr);
            }
            if (!ops.maySplit(v, end)) {
                return splitRefused(v, end);
            }
            covered = v.end();
        }
        if (covered < end) {
            return Outcome.fail(Errno.ENOMEM, "", "[" + KernelParse.hex(covered) + ", " + KernelParse.hex(end)
                    + ") is not mapped");
        }
        return null;
    }

    /** madvise: DONTNEED zaps without splitting (R71); NOHUGEPAGE/HUGEPAGE change VMA flags (split rule R45). */
    Outcome madvise(SimProcess p, long addr, long len, String advice) {
        Outcome bad = rangeOpRefusal(p, () -> RangeChecks.madvise(addr, len));
        if (bad != null) {
            return bad;
        }
        // Past TASK_SIZE nothing is mapped: what is mapped below is advised, and the hole gives ENOMEM.
        long wanted = addr + RangeChecks.pageAlign(len);
        Outcome hole = RangeChecks.holePastTaskSize(addr, wanted);
        long end = hole == null ? wanted : RangeChecks.above(addr, RangeChecks.TASK_SIZE) ? addr : RangeChecks.TASK_SIZE;
        synchronized (p.mmapLock()) {
            switch (advice) {
                case "dontneed" -> {
                    boolean any = false;
                    for (Vma v : p.vmas()) {
                        if (v.end() > addr && v.start() < end) {
                            unmap.zapRange(p, v, Math.max(addr, v.start()), Math.min(end, v.end()));
                            any = true;
                        }
                    }
                    if (!any || hole != null) {
                        state.bumpGeneration();
                        return hole != null ? hole : Outcome.fail(Errno.ENOMEM, "", "no mapping in ["
                                + KernelParse.hex(addr) + ", " + KernelParse.hex(end) + ")");
                    }
                }
                case "nohugepage", "hugepage" -> {
                    Outcome refused = hole != null ? hole : checkCoveredAndSplittable(p, addr, end);
                    if (refused != null) {
                        return refused;
                    }
                    boolean no = advice.equals("nohugepage");
                    unmap.rebuild(p, addr, end, slice -> slice.slice(slice.start(), slice.end(), slice.writable(), no));
                }
                default -> {
                    return Outcome.fail(Errno.EINVAL, "", "unknown advice " + advice);
                }
            }
        }
        state.bumpGeneration();
        return Outcome.ok();
    }

    /** mremap of a whole VMA (R72): shrink in place, grow in place when free, else move if allowed. */
    AddressResult mremap(SimProcess p, long addr, long len, long newLen, boolean mayMove) {
        Outcome bad = rangeOpRefusal(p, () -> RangeChecks.madvise(addr, len));
        if (bad != null) {
            return AddressResult.failed(bad);
        }
        long oldLen = RangeChecks.pageAlign(len);
        long nlen = RangeChecks.pageAlign(newLen);
        if (nlen == 0 || RangeChecks.above(nlen, RangeChecks.TASK_SIZE)) {
            return AddressResult.failed(Outcome.fail(Errno.EINVAL, "", "new length " + Long.toUnsignedString(newLen)
                    + (newLen == 0 ? "" : " does not fit below TASK_SIZE")));
        }
        long newAddress;
        synchronized (p.mmapLock()) {
            Vma v = p.findVma(addr);
            if (v == null || RangeChecks.above(oldLen, v.end() - addr)) {
                return AddressResult.failed(Outcome.fail(Errno.EFAULT, "", "[" + KernelParse.hex(addr) + ", +" + oldLen + ") is not one mapping"));
            }
            if (!ops.maySplit(v, addr)) {
                return AddressResult.failed(splitRefused(v, addr));
            }
            if (!ops.maySplit(v, addr + oldLen)) {
                return AddressResult.failed(splitRefused(v, addr + oldLen));
            }
            if (nlen <= oldLen) {
                if (!ops.maySplit(v, addr + nlen)) {
                    return AddressResult.failed(splitRefused(v, addr + nlen));
                }
                unmap.removeRange(p, addr + nlen, addr + oldLen);
                newAddress = addr;
            } else {
                boolean fits = p.findVma(addr + oldLen) == null && nextVmaStart(p, addr) >= addr + nlen
                        && addr + oldLen == v.end();
                if (fits) {
                    unmap.rebuild(p, v.start(), v.end(), slice -> slice);
                    List<Vma> list = new ArrayList<>(List.of(p.vmas()));
                    Vma cur = p.findVma(addr);
                    list.remove(cur);
                    Vma grown = cur.movedTo(cur.start(), cur.length() + (nlen - oldLen), false);
                    Unmap.moveEntries(cur, grown);
                    list.add(grown);
                    p.publishVmas(list);
                    newAddress = addr;
                } else if (mayMove) {
                    long target = ops.getUnmappedArea(p, v.device(), nlen, v.pgoffOf(addr) << PAGE_SHIFT);
                    unmap.rebuild(p, addr, addr + oldLen, slice -> slice);
                    Vma piece = p.findVma(addr);
                    boolean keep = (target - addr) % Math.max(SZ_4K, v.device().align()) == 0;
                    Vma moved = piece.movedTo(target, nlen, false);
                    if (keep) {
                        moveShifted(piece, moved);
                    }
                    List<Vma> list = new ArrayList<>(List.of(p.vmas()));
                    list.remove(piece);
                    list.add(moved);
                    p.publishVmas(list);
                    state.srcu().synchronize();
                    unmap.zapRange(p, piece, piece.start(), piece.end());
                    newAddress = target;
                } else {
                    return AddressResult.failed(Outcome.fail(Errno.ENOMEM, "", "cannot grow in place and maymove was not given"));
                }
            }
        }
        state.bumpGeneration();
        return new AddressResult(Outcome.ok(), newAddress);
    }

    private static long nextVmaStart(SimProcess p, long addr) {
        for (Vma v : p.vmas()) {
            if (v.start() > addr) {
                return v.start();
            }
        }
        return Long.MAX_VALUE;
    }

    /** Moves every entry of {@code from} to the same offset in {@code to} (page tables moved, counts kept). */
    private static void moveShifted(Vma from, Vma to) {
        for (int shift : new int[] {Vma.PTE_SHIFT, Vma.PMD_SHIFT, Vma.PUD_SHIFT}) {
            EntryTable src = from.table(shift);
            EntryTable dst = to.table(shift);
            src.forEach(0, src.slots(), (slot, entry) -> {
                if (slot < dst.slots()) {
                    src.clear(slot);
                    dst.installIfEmpty(slot, entry);
                }
            });
        }
    }
}
