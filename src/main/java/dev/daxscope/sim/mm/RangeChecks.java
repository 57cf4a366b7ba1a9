package dev.daxscope.sim.mm;

import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.PageSizes;
import dev.daxscope.sim.lib.KernelParse;

/**
 * The argument checks Linux makes before munmap, mprotect, madvise, mremap, mmap and GUP look at
 * any mapping, with its errno, computed as the kernel's unsigned longs so no length wraps:
 * mm/mmap.c (munmap: EINVAL past TASK_SIZE; mmap: ENOMEM), mm/mprotect.c (ENOMEM when
 * start + len wraps), mm/madvise.c (EINVAL when it wraps), mm/gup.c (EOVERFLOW, then EFAULT past
 * TASK_SIZE_MAX). A null result means the range may be walked: {@code addr + pageAlign(len)}
 * does not wrap.
 */
final class RangeChecks {
    private static final long PAGE = PageSizes.PAGE_SIZE;
    /** x86-64 with 4-level page tables: (1 << 47) - PAGE_SIZE, also TASK_SIZE_MAX. */
    static final long TASK_SIZE = (1L << 47) - PAGE;

    private RangeChecks() {
    }

    /** PAGE_ALIGN(len): 0 when it wraps past 2^64. */
    /** What every call on an exited process gets. */
    static Outcome exited(SimProcess p) {
        return Outcome.fail(Errno.ESRCH, "", "process " + p.name() + " has exited");
    }

    static long pageAlign(long len) {
        return (len + PAGE - 1) & -PAGE;
    }

    /** Whether a is above b, both as unsigned longs. */
    static boolean above(long a, long b) {
        return Long.compareUnsigned(a, b) > 0;
    }

    private static Outcome common(long addr, long len) {
        if (addr % PAGE != 0) {
            return Outcome.fail(Errno.EINVAL, "", "address " + KernelParse.hex(addr) + " is not page-aligned");
        }
        if (len == 0) {
            return Outcome.fail(Errno.EINVAL, "", "length 0");
        }
        return null;
    }

    private static String range(long addr, long len) {
        return "[" + KernelParse.hex(addr) + ", +" + Long.toUnsignedString(len) + ")";
    }

    static Outcome munmap(long addr, long len) {
        Outcome bad = common(addr, len);
        if (bad == null && (above(addr, TASK_SIZE) || above(len, TASK_SIZE - addr) || pageAlign(len) == 0)) {
            return Outcome.fail(Errno.EINVAL, "", range(addr, len) + " reaches past TASK_SIZE " + KernelParse.hex(TASK_SIZE));
        }
        return bad;
    }

    static Outcome mprotect(long addr, long len) {
        Outcome bad = common(addr, len);
        long end = addr + pageAlign(len);
        if (bad == null && (pageAlign(len) == 0 || !above(end, addr))) {
            return Outcome.fail(Errno.ENOMEM, "", range(addr, len) + " wraps around the address space");
        }
        return bad;
    }

    static Outcome madvise(long addr, long len) {
        Outcome bad = common(addr, len);
        long end = addr + pageAlign(len);
        if (bad == null && (pageAlign(len) == 0 || above(addr, end))) {
            return Outcome.fail(Errno.EINVAL, "", range(addr, len) + " wraps around the address space");
        }
        return bad;
    }

    /** The part of the address space a process can map ends at TASK_SIZE: anything past it is a hole (ENOMEM). */
    static Outcome holePastTaskSize(long addr, long end) {
        return above(end, TASK_SIZE) ? Outcome.fail(Errno.ENOMEM, "", "[" + KernelParse.hex(Math.max(addr, TASK_SIZE))
                + ", " + Long.toUnsignedString(end, 16) + ") is not mapped (past TASK_SIZE)") : null;
    }

    /** GUP of [addr & PAGE_MASK, +PAGE_ALIGN(len)). */
    static Outcome gup(long addr, long len) {
        long start = addr & -PAGE;
        long aligned = pageAlign(len);
        if (len != 0 && aligned == 0 || above(start, start + aligned)) {
            return Outcome.fail(Errno.EOVERFLOW, "R75", range(start, len) + " wraps around the address space");
        }
        if (above(start + aligned, TASK_SIZE)) {
            return Outcome.fail(Errno.EFAULT, "R75", range(start, len) + " reaches past TASK_SIZE_MAX "
                    + KernelParse.hex(TASK_SIZE));
        }
        return null;
    }

    /** mmap's length and, for MAP_FIXED, address: ENOMEM when the mapping cannot fit below TASK_SIZE. */
    static Outcome mmap(long len, Long fixedAddress) {
        long aligned = pageAlign(len);
        if (aligned == 0 || above(aligned, TASK_SIZE)) {
            return Outcome.fail(Errno.ENOMEM, "R43", "length " + Long.toUnsignedString(len) + " does not fit below TASK_SIZE "
                    + KernelParse.hex(TASK_SIZE));
        }
        if (fixedAddress != null && above(fixedAddress, TASK_SIZE - aligned)) {
            return Outcome.fail(Errno.ENOMEM, "R43", range(fixedAddress, len) + " reaches past TASK_SIZE "
                    + KernelParse.hex(TASK_SIZE));
        }
        return null;
    }
}
