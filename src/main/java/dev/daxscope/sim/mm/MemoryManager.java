package dev.daxscope.sim.mm;

import static dev.daxscope.sim.device.DevDax.SZ_1G;
import static dev.daxscope.sim.device.DevDax.SZ_2M;
import static dev.daxscope.sim.device.DevDax.SZ_4K;

import dev.daxscope.model.Errno;
import dev.daxscope.model.FaultEvent;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.EventRing;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.KernelParse;
import dev.daxscope.sim.device.DevDax;
import dev.daxscope.sim.device.DriverKind;
import dev.daxscope.sim.device.FolioTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The mm side of device-DAX: the mmap checks (R40-R47), the fault path (R48-R65), zap, munmap,
 * fork and exit (R70-R74), GUP (R75) and memory failure (R91-R93).
 *
 * <p>The fault path is lock-free: it reads the process's published VMA array and the device's
 * folio table inside an SRCU read section, installs entries with a compare-and-set on the slot,
 * and updates folio counters atomically. VMA changes hold the process's mmap lock, then wait for
 * readers (SRCU) before zapping, so no fault can install into a VMA that is going away.
 */
public final class MemoryManager {
    /** Fault-handler result meaning "try the next smaller level" (VM_FAULT_FALLBACK). */
    private static final Outcome FALLBACK = Outcome.ok("fallback");
    private static final Outcome NOPAGE = Outcome.ok();

    private final Kernel kernel;
    private final FaultContext defaultContext;
    private final int okResult;
    private final int sigbusResult;

    public MemoryManager(Kernel kernel) {
        this.kernel = kernel;
        this.defaultContext = new FaultContext(kernel.srcu(), null);
        this.okResult = kernel.events().intern("ok");
        this.sigbusResult = kernel.events().intern("SIGBUS:ADRERR");
        kernel.events().intern("-");
    }

    /**
     * The context of callers that are not fault workers (scenario runner, UI, CLI); its events go
     * straight into the ring. Use it from one thread at a time.
     */
    public FaultContext defaultContext() {
        return defaultContext;
    }

    /** A context for a fault worker: its own SRCU slot and buffered event writer. Close it when done. */
    public FaultContext newContext() {
        return new FaultContext(kernel.srcu(), kernel.events().newWriter());
    }

    private static Outcome sigbus(long addr, String rule, String why) {
        return new Outcome.Signal("SIGBUS", "ADRERR", addr, rule, why);
    }

    private static Outcome sigsegv(long addr, String code, String why) {
        return new Outcome.Signal("SIGSEGV", code, addr, "", why);
    }

    // ---------------------------------------------------------------- open / close

    /** open("/dev/daxX.Y") (R11): the node exists while the device exists; ENXIO unless bound to device_dax. */
    public FdResult open(SimProcess p, String path, boolean writable) {
        if (!p.alive()) {
            return FdResult.failed(exited(p));
        }
        String prefix = "/dev/";
        if (!path.startsWith(prefix)) {
            return FdResult.failed(Outcome.fail(Errno.ENOENT, "R11", path + " is not a device node under /dev"));
        }
        DevDax dev = kernel.device(path.substring(prefix.length())).orElse(null);
        if (dev == null) {
            return FdResult.failed(Outcome.fail(Errno.ENOENT, "R11", "no such device node " + path));
        }
        if (!kernel.isRoot()) {
            return FdResult.failed(Outcome.fail(Errno.EACCES, "R11", path + " is mode 0600 root; user " + kernel.user() + " cannot open it"));
        }
        if (dev.driver() != DriverKind.DEVICE_DAX && !dev.nodeCachesCdev()) {
            return FdResult.failed(Outcome.fail(Errno.ENXIO, "R11", dev.name() + " is " + (dev.isBound() ? "bound to kmem" : "not bound")
                    + "; its character device is registered only while bound to device_dax"));
        }
        int fd;
        synchronized (p.mmapLock()) {
            fd = p.addFile(new OpenFile(dev, writable));
        }
        dev.markNodeCachesCdev();
        return new FdResult(Outcome.ok(), fd);
    }

    public Outcome close(SimProcess p, int fd) {
        if (!p.alive()) {
            return exited(p);
        }
        synchronized (p.mmapLock()) {
            if (p.files().remove(fd) == null) {
                return Outcome.fail(Errno.EBADF, "", "fd " + fd + " is not open");
            }
        }
        return Outcome.ok();
    }

    /** read(2) on the device (R40): no read method, EINVAL. */
    public Outcome fdRead(SimProcess p, int fd) {
        if (!p.alive()) {
            return exited(p);
        }
        if (!p.files().containsKey(fd)) {
            return Outcome.fail(Errno.EBADF, "", "fd " + fd + " is not open");
        }
        return Outcome.fail(Errno.EINVAL, "R40", "device-dax files have no read/write methods; use mmap");
    }

    private static Outcome exited(SimProcess p) {
        return Outcome.fail(Errno.ESRCH, "", "process " + p.name() + " has exited");
    }

    // ---------------------------------------------------------------- mmap

    /** Arguments of mmap beyond fd and length. */
    public record MmapRequest(long length, long offset, boolean shared, boolean writable, Long fixedAddress,
                              boolean populate, boolean sync) {
    }

    /** mmap (R41-R44): the mapping's address, or the refusal. */
    public AddressResult mmap(SimProcess p, int fd, MmapRequest req) {
        if (!p.alive()) {
            return AddressResult.failed(exited(p));
        }
        AddressResult result;
        synchronized (p.mmapLock()) {
            result = mmapLocked(p, fd, req);
        }
        if (result.outcome().isOk() && req.populate()) {
            for (long a = result.address(); a < result.address() + req.length(); a += SZ_4K) {
                Vma v = p.findVma(a);
                if (v == null || !access(defaultContext, p, a, false).isOk()) {
                    break;
                }
                a = Math.max(a, (a & ~(pageSizeOf(v) - 1)) + pageSizeOf(v) - SZ_4K);
            }
        }
        kernel.bumpGeneration();
        return result;
    }

    private static long pageSizeOf(Vma v) {
        return Math.max(SZ_4K, v.device().align());
    }

    private AddressResult mmapLocked(SimProcess p, int fd, MmapRequest req) {
        OpenFile f = p.files().get(fd);
        if (f == null) {
            return AddressResult.failed(Outcome.fail(Errno.EBADF, "", "fd " + fd + " is not open"));
        }
        long len = req.length();
        if (len == 0) {
            return AddressResult.failed(Outcome.fail(Errno.EINVAL, "R43", "length 0"));
        }
        if (req.offset() % SZ_4K != 0) {
            return AddressResult.failed(Outcome.fail(Errno.EINVAL, "R43", "offset " + KernelParse.hex(req.offset()) + " is not page-aligned"));
        }
        long alignedLen = RangeChecks.pageAlign(len);
        if (alignedLen != 0 && RangeChecks.above(req.offset(), req.offset() + alignedLen)) {
            return AddressResult.failed(Outcome.fail(Errno.EOVERFLOW, "R43", "offset + length overflows"));
        }
        Outcome tooLarge = RangeChecks.mmap(len, req.fixedAddress());
        if (tooLarge != null) {
            return AddressResult.failed(tooLarge);
        }
        if (req.shared() && req.writable() && !f.writable()) {
            return AddressResult.failed(Outcome.fail(Errno.EACCES, "R42", "PROT_WRITE on a shared mapping of a file opened read-only"));
        }
        if (req.fixedAddress() != null && req.fixedAddress() % SZ_4K != 0) {
            return AddressResult.failed(Outcome.fail(Errno.EINVAL, "R43", "MAP_FIXED address " + KernelParse.hex(req.fixedAddress())
                    + " is not page-aligned"));
        }
        DevDax dev = f.device();
        long addr = req.fixedAddress() != null ? req.fixedAddress() : unmappedArea(p, dev, alignedLen, req.offset());
        if (RangeChecks.above(addr + alignedLen, RangeChecks.TASK_SIZE)) {
            return AddressResult.failed(Outcome.fail(Errno.ENOMEM, "R44", "no room for " + alignedLen + " more bytes below TASK_SIZE"));
        }
        // R41 check_vma, in the kernel's order.
        if (!dev.alive()) {
            return AddressResult.failed(Outcome.fail(Errno.ENXIO, "R41", dev.name() + " is not bound to device_dax (dead dax device)"));
        }
        if (!req.shared()) {
            return AddressResult.failed(Outcome.fail(Errno.EINVAL, "R41", "device-dax mappings must be MAP_SHARED"));
        }
        long align = dev.align();
        if (addr % align != 0 || (addr + alignedLen) % align != 0) {
            return AddressResult.failed(Outcome.fail(Errno.EINVAL, "R41", "the mapping [" + KernelParse.hex(addr) + ", "
                    + KernelParse.hex(addr + alignedLen) + ") is not aligned to the device align " + align
                    + (alignedLen % align != 0 ? " (length " + len + " is not a multiple of it)" : "")));
        }
        if (req.fixedAddress() != null) {
            removeRange(p, addr, addr + alignedLen);
        }
        List<Vma> list = new ArrayList<>(List.of(p.vmas()));
        list.add(new Vma(addr, addr + alignedLen, req.offset() >>> 12, f, req.writable(), false));
        p.publishVmas(list);
        return new AddressResult(Outcome.ok(), addr);
    }

    /** R44 dax_get_unmapped_area. */
    private static long unmappedArea(SimProcess p, DevDax dev, long len, long off) {
        long a = dev.align();
        // Unsigned, as the kernel's: off + len does not wrap (mmap refused that with EOVERFLOW) but may pass 2^63.
        long want = Long.remainderUnsigned(off, a);
        long offUp = want == 0 ? off : off - want + a;
        long end = off + len;
        if (Long.compareUnsigned(end, offUp) <= 0 || Long.compareUnsigned(end - offUp, a) < 0) {
            return p.allocateAddressSpace(len);
        }
        long base = p.allocateAddressSpace(len + a);
        long addr = base - (base % a) + want;
        return addr < base ? addr + a : addr;
    }

    // ---------------------------------------------------------------- VMA changes

    /** R45: may a device-dax VMA be split at {@code addr}? */
    private static boolean maySplit(Vma v, long addr) {
        return addr <= v.start() || addr >= v.end() || addr % v.device().align() == 0;
    }

    private static Outcome splitRefused(Vma v, long addr) {
        return Outcome.fail(Errno.EINVAL, "R45", "splitting the mapping of " + v.device().name() + " at "
                + KernelParse.hex(addr) + " is refused: not a multiple of the device align " + v.device().align());
    }

    /** What every range operation checks first: a live process, then Linux's argument checks. */
    private static Outcome rangeOpRefusal(SimProcess p, java.util.function.Supplier<Outcome> checks) {
        return p.alive() ? checks.get() : exited(p);
    }

    /** munmap (R45, R72). */
    public Outcome munmap(SimProcess p, long addr, long len) {
        Outcome bad = rangeOpRefusal(p, () -> RangeChecks.munmap(addr, len));
        if (bad != null) {
            return bad;
        }
        long end = addr + RangeChecks.pageAlign(len);
        synchronized (p.mmapLock()) {
            for (Vma v : p.vmas()) {
                if (v.end() > addr && v.start() < end) {
                    if (!maySplit(v, addr)) {
                        return splitRefused(v, addr);
                    }
                    if (!maySplit(v, end)) {
                        return splitRefused(v, end);
                    }
                }
            }
            removeRange(p, addr, end);
        }
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    /** Removes {@code [from, to)} from the address space: VMAs split, entries in the hole zapped. */
    private void removeRange(SimProcess p, long from, long to) {
        rebuild(p, from, to, v -> null);
    }

    /** Replaces the part of every VMA inside {@code [from, to)} by {@code change.apply(slice)} (null removes it). */
    private void rebuild(SimProcess p, long from, long to, java.util.function.UnaryOperator<Vma> change) {
        List<Vma> next = new ArrayList<>();
        List<Vma> gone = new ArrayList<>();
        List<Vma[]> carried = new ArrayList<>();
        boolean changed = false;
        for (Vma v : p.vmas()) {
            if (v.end() <= from || v.start() >= to) {
                next.add(v);
                continue;
            }
            changed = true;
            gone.add(v);
            long s = Math.max(v.start(), from);
            long e = Math.min(v.end(), to);
            if (v.start() < s) {
                Vma left = v.slice(v.start(), s, v.writable(), v.noHugepage());
                next.add(left);
                carried.add(new Vma[] {v, left});
            }
            Vma middle = change.apply(v.slice(s, e, v.writable(), v.noHugepage()));
            if (middle != null) {
                next.add(middle);
                carried.add(new Vma[] {v, middle});
            }
            if (e < v.end()) {
                Vma right = v.slice(e, v.end(), v.writable(), v.noHugepage());
                next.add(right);
                carried.add(new Vma[] {v, right});
            }
        }
        if (!changed) {
            return;
        }
        // Entries move to the pieces that cover them; whatever no piece covers is zapped.
        for (Vma[] pair : carried) {
            moveEntries(pair[0], pair[1]);
        }
        p.publishVmas(next);
        kernel.srcu().synchronize();
        for (Vma v : gone) {
            zapRange(p, v, v.start(), v.end());
        }
    }

    /** Moves entries of {@code from} that lie inside {@code to} (same addresses) into {@code to}'s tables. */
    private static void moveEntries(Vma from, Vma to) {
        for (int shift : new int[] {Vma.PTE_SHIFT, Vma.PMD_SHIFT, Vma.PUD_SHIFT}) {
            EntryTable src = from.table(shift);
            EntryTable dst = to.table(shift);
            long size = 1L << shift;
            long first = (to.start() - from.start()) >> shift;
            long last = (to.end() - from.start() + size - 1) >> shift;
            src.forEach(first, last, (slot, entry) -> {
                long va = from.start() + (slot << shift);
                if (va >= to.start() && va + size <= to.end()) {
                    src.clear(slot);
                    dst.installIfEmpty((va - to.start()) >> shift, entry);
                }
            });
        }
    }

    /** Zaps entries of {@code v} that overlap {@code [from, to)} (R70, R71: partial huge entries go whole). */
    private void zapRange(SimProcess p, Vma v, long from, long to) {
        DevDax dev = v.device();
        FolioTable folios = dev.folios();
        for (int shift : new int[] {Vma.PTE_SHIFT, Vma.PMD_SHIFT, Vma.PUD_SHIFT}) {
            EntryTable t = v.table(shift);
            long size = 1L << shift;
            long first = Math.max(0, (from - v.start()) >> shift);
            long last = (to - v.start() + size - 1) >> shift;
            t.forEach(first, last, (slot, entry) -> {
                long va = v.start() + (slot << shift);
                if (va + size <= from || va >= to) {
                    return;
                }
                if (t.clear(slot) != 0) {
                    dropEntry(p, v, folios, entry, shift, va);
                }
            });
        }
    }

    private void dropEntry(SimProcess p, Vma v, FolioTable folios, long entry, int shift, long va) {
        long folio = (entry & EntryTable.FOLIO_MASK) - 1;
        boolean counted = kernel.profile().refcountPerMapping();
        if (folios != null) {
            folios.removeMapping(folio, counted);
        }
        if (counted) {
            p.rssFileCounter().add(-(1L << shift));
        }
        kernel.events().record(FaultEvent.Kind.ZAP, p.pid(), va, deviceEventId(v.device()),
                v.pgoffOf(va), folio, EventRing.levelCode(shift), okResult);
    }

    /** Zaps {@code [from, to)} of one VMA (unmap_mapping_range for memory failure). */
    public void zapAddressRange(SimProcess p, Vma v, long from, long to) {
        zapRange(p, v, from, to);
    }

    /** R79 step 2: zap every entry of every process that maps {@code dev}. */
    public void zapDevice(DevDax dev) {
        for (SimProcess p : kernel.processes().values()) {
            for (Vma v : p.vmas()) {
                if (v.device() == dev) {
                    zapRange(p, v, v.start(), v.end());
                }
            }
        }
    }

    /** mprotect (R45, R64): read-only clears the writable bit of present entries; no count changes. */
    public Outcome mprotect(SimProcess p, long addr, long len, boolean writable) {
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
            rebuild(p, addr, end, slice -> slice.slice(slice.start(), slice.end(), writable, slice.noHugepage()));
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
        kernel.bumpGeneration();
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
            if (!maySplit(v, addr)) {
                return splitRefused(v, addr);
            }
            if (!maySplit(v, end)) {
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
    public Outcome madvise(SimProcess p, long addr, long len, String advice) {
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
                            zapRange(p, v, Math.max(addr, v.start()), Math.min(end, v.end()));
                            any = true;
                        }
                    }
                    if (!any || hole != null) {
                        kernel.bumpGeneration();
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
                    rebuild(p, addr, end, slice -> slice.slice(slice.start(), slice.end(), slice.writable(), no));
                }
                default -> {
                    return Outcome.fail(Errno.EINVAL, "", "unknown advice " + advice);
                }
            }
        }
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    /** mremap of a whole VMA (R72): shrink in place, grow in place when free, else move if allowed. */
    public AddressResult mremap(SimProcess p, long addr, long len, long newLen, boolean mayMove) {
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
            if (!maySplit(v, addr)) {
                return AddressResult.failed(splitRefused(v, addr));
            }
            if (!maySplit(v, addr + oldLen)) {
                return AddressResult.failed(splitRefused(v, addr + oldLen));
            }
            if (nlen <= oldLen) {
                if (!maySplit(v, addr + nlen)) {
                    return AddressResult.failed(splitRefused(v, addr + nlen));
                }
                removeRange(p, addr + nlen, addr + oldLen);
                newAddress = addr;
            } else {
                boolean fits = p.findVma(addr + oldLen) == null && nextVmaStart(p, addr) >= addr + nlen
                        && addr + oldLen == v.end();
                if (fits) {
                    rebuild(p, v.start(), v.end(), slice -> slice);
                    List<Vma> list = new ArrayList<>(List.of(p.vmas()));
                    Vma cur = p.findVma(addr);
                    list.remove(cur);
                    Vma grown = cur.movedTo(cur.start(), cur.length() + (nlen - oldLen), false);
                    moveEntries(cur, grown);
                    list.add(grown);
                    p.publishVmas(list);
                    newAddress = addr;
                } else if (mayMove) {
                    long target = unmappedArea(p, v.device(), nlen, v.pgoffOf(addr) << 12);
                    rebuild(p, addr, addr + oldLen, slice -> slice);
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
                    kernel.srcu().synchronize();
                    zapRange(p, piece, piece.start(), piece.end());
                    newAddress = target;
                } else {
                    return AddressResult.failed(Outcome.fail(Errno.ENOMEM, "", "cannot grow in place and maymove was not given"));
                }
            }
        }
        kernel.bumpGeneration();
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

    // ---------------------------------------------------------------- fork / exit

    /** fork (R73): the child gets the VMAs without entries, and the open files. */
    public SimProcess fork(SimProcess parent, String childName) {
        SimProcess child = kernel.spawn(childName);
        synchronized (parent.mmapLock()) {
            List<Vma> copies = new ArrayList<>();
            for (Vma v : parent.vmas()) {
                copies.add(v.emptyCopy());
            }
            child.publishVmas(copies);
            parent.files().forEach((fd, f) -> child.files().put(fd, f));
            child.setMmapCursor(parent.mmapCursor());
            child.setMceKill(parent.mceKill());
            child.setThpDisabled(parent.thpDisabled());
            kernel.anon().forked(parent, child);
        }
        kernel.bumpGeneration();
        return child;
    }

    /** exit (R74): every entry zapped, GUP handles released, files closed. */
    public Outcome exit(SimProcess p) {
        if (!p.alive()) {
            return exited(p);
        }
        synchronized (p.mmapLock()) {
            p.markExited();
            Vma[] old = p.vmas();
            p.publishVmas(List.of());
            kernel.srcu().synchronize();
            for (Vma v : old) {
                zapRange(p, v, v.start(), v.end());
            }
            for (GupHandle h : p.handles().values()) {
                releaseGrabs(h);
            }
            p.handles().clear();
            p.files().clear();
            kernel.anon().exited(p);
        }
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    // ---------------------------------------------------------------- the fault path

    /**
     * One load or store at {@code addr} by {@code p} (R48-R65): no fault when a present entry
     * allows the access, else the PUD, PMD, PTE handlers in turn.
     */
    public Outcome access(FaultContext ctx, SimProcess p, long addr, boolean write) {
        if (!p.alive()) {
            return exited(p);
        }
        int srcuSlot = ctx.srcuSlot();
        kernel.srcu().enter(srcuSlot);
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
            kernel.srcu().exit(srcuSlot);
        }
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

    private Outcome fault(FaultContext ctx, SimProcess p, Vma v, long addr, boolean write) {
        boolean hugeAllowed = !v.noHugepage() && !p.thpDisabled();
        if (hugeAllowed) {
            Outcome r = handle(ctx, p, v, addr, write, Vma.PUD_SHIFT);
            if (r != FALLBACK) {
                return r;
            }
            r = handle(ctx, p, v, addr, write, Vma.PMD_SHIFT);
            if (r != FALLBACK) {
                return r;
            }
        }
        return handle(ctx, p, v, addr, write, Vma.PTE_SHIFT);
    }

    /** R52-R54: the device's fault handler for one order. */
    private Outcome handle(FaultContext ctx, SimProcess p, Vma v, long addr, boolean write, int shift) {
        DevDax dev = v.device();
        // R41 check_vma, rerun on every fault (R47).
        if (!dev.alive()) {
            return signalEvent(p, v, addr, shift, sigbus(addr, "R41", dev.name() + " is not bound to device_dax"));
        }
        long align = dev.align();
        if (v.start() % align != 0 || v.end() % align != 0) {
            return signalEvent(p, v, addr, shift, sigbus(addr, "R41", "the mapping is not aligned to the device's current align "
                    + align));
        }
        long size = 1L << shift;
        if (align > size) {
            return signalEvent(p, v, addr, shift, sigbus(addr, shift == Vma.PTE_SHIFT && align > SZ_4K ? "R50" : "R53",
                    shift == Vma.PTE_SHIFT ? "only the PTE path is allowed (huge faults disabled) but the device align is "
                            + align : "the device align " + align + " is larger than this fault level"));
        }
        if (align < size) {
            return FALLBACK;
        }
        long window = addr & ~(size - 1);
        if (window < v.start() || window + size > v.end()) {
            return signalEvent(p, v, addr, shift, sigbus(addr, "R53", "the " + (size >> 20) + "M window around "
                    + KernelParse.hex(addr) + " is not inside the mapping"));
        }
        long pgoff = v.pgoffOf(window);
        long phys = dev.pgoffToPhys(pgoff, size);
        if (phys < 0) {
            return signalEvent(p, v, addr, shift, sigbus(addr, "R56", "device page offset " + KernelParse.hex(pgoff)
                    + " is beyond " + dev.name() + "'s size or its window crosses a range end"));
        }
        FolioTable folios = dev.folios();
        if (folios == null) {
            return signalEvent(p, v, addr, shift, sigbus(addr, "R41", dev.name() + " has no struct pages"));
        }
        long folio = dev.folioOfPgoff(pgoff);
        if (shift > Vma.PTE_SHIFT) {
            long head = dev.pgoffToPhys(folio * (align >>> 12), SZ_4K);
            if (head % size != 0) {
                // R98: a huge entry on a physically misaligned folio is architecturally invalid; the
                // kernel's result is undefined, so we report it instead of inventing one.
                kernel.warn(dev.name() + ": " + (size >> 20) + "M fault on folio at " + KernelParse.hex(head)
                        + " which is not " + (size >> 20) + "M-aligned physically: kernel-undefined (R98)");
                return signalEvent(p, v, addr, shift, sigbus(addr, "R98", "kernel-undefined: the folio at "
                        + KernelParse.hex(head) + " is not physically aligned to its " + (size >> 20) + "M entry"));
            }
        }
        if (folio >= folios.folioCount()) {
            // R32: a range added while bound has no struct pages.
            return signalEvent(p, v, addr, shift, sigbus(addr, "R32", "no struct page for device offset "
                    + KernelParse.hex(pgoff << 12)));
        }
        folios.setMappingOnce(folio, pgoff);
        EntryTable t = v.table(shift);
        long slot = (window - v.start()) >> shift;
        long entry = (folio + 1) | EntryTable.WRITABLE | (write ? EntryTable.DIRTY : 0);
        long prev = t.installIfEmpty(slot, entry);
        if (prev == 0) {
            boolean counted = kernel.profile().refcountPerMapping();
            folios.addMapping(folio, counted);
            if (counted) {
                p.rssFileCounter().add(size);
            }
            EventRing.Writer w = ctx.events();
            if (w != null) {
                w.record(FaultEvent.Kind.FAULT, p.pid(), addr, deviceEventId(dev), pgoff, folio, EventRing.levelCode(shift),
                        okResult);
            } else {
                kernel.events().record(FaultEvent.Kind.FAULT, p.pid(), addr, deviceEventId(dev), pgoff, folio,
                        EventRing.levelCode(shift), okResult);
            }
        } else if (write) {
            t.setBits(slot, EntryTable.DIRTY | EntryTable.WRITABLE);
        }
        return NOPAGE;
    }

    private int deviceEventId(DevDax dev) {
        int id = dev.eventId();
        if (id < 0) {
            id = kernel.events().intern(dev.name());
            dev.setEventId(id);
        }
        return id;
    }

    private Outcome signalEvent(SimProcess p, Vma v, long addr, int shift, Outcome signal) {
        kernel.events().record(FaultEvent.Kind.SIGNAL, p.pid(), addr, deviceEventId(v.device()),
                v.pgoffOf(addr), -1, EventRing.levelCode(shift), sigbusResult);
        return signal;
    }

    /** Whether an access by {@code p} at {@code addr} would touch a poisoned line (no side effects). */
    public boolean touchesPoison(SimProcess p, long addr) {
        Vma v = p.findVma(addr);
        if (v == null || !kernel.poison().hasPoisonedFolios(v.device())) {
            return false;
        }
        long phys = v.device().pgoffToPhys(v.pgoffOf(addr), SZ_4K);
        return phys >= 0 && kernel.poison().isPoisonedLine(phys);
    }

    /** R93: touching a poisoned line machine-checks again: SIGBUS BUS_MCEERR_AR for the toucher. */
    private Outcome poisonCheck(SimProcess p, Vma v, long addr) {
        DevDax dev = v.device();
        FolioTable folios = dev.folios();
        if (folios == null || !kernel.poison().hasPoisonedFolios(dev)) {
            return Outcome.ok();
        }
        long pgoff = v.pgoffOf(addr);
        long phys = dev.pgoffToPhys(pgoff, SZ_4K);
        if (phys < 0 || !kernel.poison().isPoisonedLine(phys)) {
            return Outcome.ok();
        }
        return kernel.poison().memoryFailure(phys, p, addr);
    }

    // ---------------------------------------------------------------- GUP

    /** pin_user_pages / get_user_pages of {@code [addr, addr+len)} (R75): faults pages in, then takes references. */
    public HandleResult gup(SimProcess p, long addr, long len, boolean pin) {
        if (!p.alive()) {
            return HandleResult.failed(exited(p));
        }
        Outcome bad = RangeChecks.gup(addr, len);
        if (bad != null) {
            return HandleResult.failed(bad);
        }
        List<GupHandle.Grab> grabs = new ArrayList<>();
        long end = (addr & ~(SZ_4K - 1)) + RangeChecks.pageAlign(len);
        for (long a = addr & ~(SZ_4K - 1); a < end; a += SZ_4K) {
            Outcome r = access(defaultContext, p, a, false);
            if (!r.isOk()) {
                grabs.forEach(g -> g.folios().addPin(g.folio(), -g.refs(), -g.pinnedPages()));
                return HandleResult.failed(Outcome.fail(Errno.EFAULT, "R75", "page at " + KernelParse.hex(a) + " cannot be faulted in ("
                        + r.token() + ")"));
            }
            Vma v = p.findVma(a);
            DevDax dev = v.device();
            FolioTable folios = dev.folios();
            long folio = dev.folioOfPgoff(v.pgoffOf(a));
            int refs = pin ? (folios.order() == 0 ? 1024 : 1) : 1;
            int pages = pin ? 1 : 0;
            folios.addPin(folio, refs, pages);
            grabs.add(new GupHandle.Grab(folios, folio, refs, pages));
        }
        int handle;
        synchronized (p.mmapLock()) {
            handle = p.addHandle(new GupHandle(pin, grabs));
        }
        kernel.bumpGeneration();
        return new HandleResult(Outcome.ok(), handle);
    }

    public Outcome release(SimProcess p, int handle) {
        GupHandle h;
        synchronized (p.mmapLock()) {
            h = p.handles().remove(handle);
        }
        if (h == null) {
            return Outcome.fail(Errno.EINVAL, "R75", "no such pin/get handle");
        }
        releaseGrabs(h);
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    private static void releaseGrabs(GupHandle h) {
        for (GupHandle.Grab g : h.grabs()) {
            g.folios().addPin(g.folio(), -g.refs(), -g.pinnedPages());
        }
    }

    /** Bytes of heap held by the page tables of all processes. */
    public long pageTableHeapBytes() {
        long b = 0;
        for (SimProcess p : kernel.processes().values()) {
            for (Vma v : p.vmas()) {
                b += v.heapBytes();
            }
        }
        return b;
    }

    /** Present entries of a VMA, per level, for {@code mappings P} and snapshots. */
    public static long[] entryCounts(Vma v) {
        return new long[] {v.table(Vma.PTE_SHIFT).presentEntries(), v.table(Vma.PMD_SHIFT).presentEntries(),
                v.table(Vma.PUD_SHIFT).presentEntries()};
    }

    /** Size of a huge fault window for a device align, for callers outside the fault path. */
    public static long levelSize(long align) {
        return align >= SZ_1G ? SZ_1G : align >= SZ_2M ? SZ_2M : SZ_4K;
    }
}
