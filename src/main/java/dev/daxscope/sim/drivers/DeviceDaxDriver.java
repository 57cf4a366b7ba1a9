package dev.daxscope.sim.drivers;

import static dev.daxscope.model.PageSizes.PAGE_SHIFT;

import static dev.daxscope.sim.dax.DevDax.SZ_1G;
import static dev.daxscope.sim.dax.DevDax.SZ_2M;
import static dev.daxscope.sim.dax.DevDax.SZ_4K;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Errno;
import dev.daxscope.model.FaultEvent;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.DevDaxRange;
import dev.daxscope.sim.dax.FolioTable;
import dev.daxscope.sim.dax.PhysRange;
import dev.daxscope.sim.lib.EventRing;
import dev.daxscope.sim.lib.KernelParse;
import dev.daxscope.sim.mm.EntryTable;
import dev.daxscope.sim.mm.FaultContext;
import dev.daxscope.sim.mm.SimProcess;
import dev.daxscope.sim.mm.Unmap;
import dev.daxscope.sim.mm.VmOperations;
import dev.daxscope.sim.mm.Vma;
import dev.daxscope.sim.state.KernelState;

/**
 * The device_dax driver (drivers/dax/device.c): probe builds the page map and folios (R78),
 * removal kills the device and zaps its mappings (R79); as the file behind {@code /dev/daxX.Y}
 * it checks mmaps (check_vma, R41), places them (dax_get_unmapped_area, R44), allows splits at
 * the align (dev_dax_may_split, R45) and handles faults at PTE, PMD and PUD level.
 */
public final class DeviceDaxDriver implements DaxDriver, VmOperations {
    private final KernelState state;
    private final Unmap unmap;
    private final EventRing events;
    private final int okResult;
    private final int sigbusResult;

    public DeviceDaxDriver(KernelState state, Unmap unmap) {
        this.state = state;
        this.unmap = unmap;
        this.events = state.events();
        this.okResult = events.intern("ok");
        this.sigbusResult = events.intern("SIGBUS:ADRERR");
    }

    @Override
    public DriverKind kind() {
        return DriverKind.DEVICE_DAX;
    }

    /** dev_dax_probe (R78, with R12, R34, R83): what a successful device_dax bind does, in order. */
    @Override
    public Outcome probe(DevDax dev) {
        if (dev.region().isStatic() && dev.ranges().size() != 1) {
            return Outcome.fail(Errno.EINVAL, "R12", "static devices must have exactly one range");
        }
        if (!dev.region().isStatic() && dev.stalePgmap()) {
            return Outcome.fail(Errno.EINVAL, "R83", dev.name() + " has a stale page map from a failed probe (6.15.x); "
                    + "delete and recreate the device");
        }
        Outcome refused = pageMapRefusal(state, dev);
        if (refused != null) {
            if (state.profile().quirks615() && !dev.region().isStatic()) {
                dev.setStalePgmap(true);
            }
            return refused;
        }
        if (dev.align() == SZ_1G) {
            for (DevDaxRange r : dev.ranges()) {
                if (r.start() % SZ_1G != 0) {
                    state.warn(dev.name() + ": 1G align but range " + KernelParse.hex(r.start())
                            + " is not 1G-aligned physically; PUD faults are kernel-undefined (R98)");
                }
            }
        }
        dev.createFolios(state.bumpGeneration());
        dev.setCdevOwner(DriverKind.DEVICE_DAX);
        dev.setDriver(DriverKind.DEVICE_DAX);
        dev.setInconsistent(false);
        dev.setAlive(true);
        return Outcome.ok();
    }

    /**
     * What devm_request_mem_region and memremap_pages refuse for the device's ranges, or null:
     * a range kmem left reserved (EBUSY), System RAM (ENXIO), a start memory hot-add cannot take
     * (EINVAL, R34). device_dax (R78) and fsdev_dax (R103) probe through the same calls.
     */
    static Outcome pageMapRefusal(KernelState state, DevDax dev) {
        for (DevDaxRange r : dev.ranges()) {
            if (rangeReservedByKmem(dev, r)) {
                return Outcome.fail(Errno.EBUSY, "R78", "range " + KernelParse.hex(r.start()) + "-" + KernelParse.hex(r.end())
                        + " is still reserved by kmem (its memory could not be hot-removed)");
            }
        }
        for (DevDaxRange r : dev.ranges()) {
            if (state.memory().overlapsBootRam(r.start(), r.end())) {
                return Outcome.fail(Errno.ENXIO, "R78", "range " + KernelParse.hex(r.start()) + " overlaps System RAM");
            }
            if (r.start() % SZ_2M != 0) {
                return Outcome.fail(Errno.EINVAL, "R34", "range start " + KernelParse.hex(r.start())
                        + " is not 2M-aligned; memory hot-add refuses it");
            }
        }
        return null;
    }

    private static boolean rangeReservedByKmem(DevDax dev, DevDaxRange r) {
        for (PhysRange leaked : dev.leakedKmemRanges()) {
            if (leaked.overlaps(r.start(), r.end())) {
                return true;
            }
        }
        return false;
    }

    /** kill_dev_dax (R79): the device dies, faults in flight drain (SRCU), every mapping is zapped, the folios go. */
    @Override
    public void remove(DevDax dev) {
        dev.setAlive(false);
        state.srcu().synchronize();
        unmap.zapDevice(dev);
        if (state.profile().quirks615()) {
            dev.setStalePgmap(false);
        }
        dev.dropFolios();
    }

    /** check_vma at mmap time (R41), in the kernel's order. */
    @Override
    public Outcome checkVma(DevDax dev, long start, long end, boolean shared, long length) {
        if (!dev.alive()) {
            return Outcome.fail(Errno.ENXIO, "R41", dev.name() + " is not bound to device_dax (dead dax device)");
        }
        if (dev.driver() != DriverKind.DEVICE_DAX) {
            return Outcome.fail(Errno.ENXIO, "R104", dev.name() + " was reconfigured to famfs (fsdev_dax) after this file "
                    + "was opened; its order-0 folios cannot back a device_dax mapping");
        }
        if (!shared) {
            return Outcome.fail(Errno.EINVAL, "R41", "device-dax mappings must be MAP_SHARED");
        }
        long align = dev.align();
        if (start % align != 0 || end % align != 0) {
            return Outcome.fail(Errno.EINVAL, "R41", "the mapping [" + KernelParse.hex(start) + ", "
                    + KernelParse.hex(end) + ") is not aligned to the device align " + align
                    + ((end - start) % align != 0 ? " (length " + length + " is not a multiple of it)" : ""));
        }
        return null;
    }

    /** R44 dax_get_unmapped_area. */
    @Override
    public long getUnmappedArea(SimProcess p, DevDax dev, long len, long off) {
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

    /** R45 dev_dax_may_split: only at a multiple of the device align. */
    @Override
    public boolean maySplit(Vma v, long addr) {
        return addr <= v.start() || addr >= v.end() || addr % v.device().align() == 0;
    }

    private static Outcome sigbus(long addr, String rule, String why) {
        return new Outcome.Signal("SIGBUS", "ADRERR", addr, rule, why);
    }

    /**
     * dev_dax_huge_fault: check_vma, then the align check of the entry size's own handler
     * (__dev_dax_pte_fault refuses a larger align, __dev_dax_pmd_fault and __dev_dax_pud_fault fall
     * back from a smaller one), then one insert, since the three differ only in the entry size (R52-R54).
     */
    @Override
    public Outcome hugeFault(FaultContext ctx, SimProcess p, Vma v, long addr, boolean write, int shift) {
        Outcome refused = checkVma(p, v, addr, shift);
        if (refused == null) {
            refused = shift == Vma.PTE_SHIFT ? checkPteAlign(p, v, addr) : checkHugeAlign(p, v, addr, shift);
        }
        return refused != null ? refused : insertEntry(ctx, p, v, addr, write, shift);
    }

    /** check_vma, rerun on every fault (R41, R47): the device still bound to device_dax, the mapping aligned to it. */
    private Outcome checkVma(SimProcess p, Vma v, long addr, int shift) {
        DevDax dev = v.device();
        if (!dev.alive() || dev.driver() != DriverKind.DEVICE_DAX) {
            return signalEvent(p, v, addr, shift, sigbus(addr, "R41", dev.name() + " is not bound to device_dax"));
        }
        long align = dev.align();
        if (v.start() % align != 0 || v.end() % align != 0) {
            return signalEvent(p, v, addr, shift, sigbus(addr, "R41", "the mapping is not aligned to the device's current align "
                    + align));
        }
        return null;
    }

    /** __dev_dax_pte_fault: a device aligned above 4K never takes a PTE (R50). */
    private Outcome checkPteAlign(SimProcess p, Vma v, long addr) {
        long align = v.device().align();
        if (align > SZ_4K) {
            return signalEvent(p, v, addr, Vma.PTE_SHIFT, sigbus(addr, "R50",
                    "only the PTE path is allowed (huge faults disabled) but the device align is " + align));
        }
        return null;
    }

    /** __dev_dax_pmd_fault and __dev_dax_pud_fault: a larger align refuses (R53), a smaller one falls back. */
    private Outcome checkHugeAlign(SimProcess p, Vma v, long addr, int shift) {
        long align = v.device().align();
        long size = 1L << shift;
        if (align > size) {
            return signalEvent(p, v, addr, shift, sigbus(addr, "R53", "the device align " + align
                    + " is larger than this fault level"));
        }
        return align < size ? VmOperations.FALLBACK : null;
    }

    /** The entry of {@code 1 << shift} bytes over {@code addr}, where the window, its pages and its folio allow it (R52-R56). */
    private Outcome insertEntry(FaultContext ctx, SimProcess p, Vma v, long addr, boolean write, int shift) {
        DevDax dev = v.device();
        long align = dev.align();
        long size = 1L << shift;
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
            long head = dev.pgoffToPhys(folio * (align >>> PAGE_SHIFT), SZ_4K);
            if (head % size != 0) {
                // R98: a huge entry on a physically misaligned folio is architecturally invalid; the
                // kernel's result is undefined, so we report it instead of inventing one.
                state.warn(dev.name() + ": " + (size >> 20) + "M fault on folio at " + KernelParse.hex(head)
                        + " which is not " + (size >> 20) + "M-aligned physically: kernel-undefined (R98)");
                return signalEvent(p, v, addr, shift, sigbus(addr, "R98", "kernel-undefined: the folio at "
                        + KernelParse.hex(head) + " is not physically aligned to its " + (size >> 20) + "M entry"));
            }
        }
        if (folio >= folios.folioCount()) {
            // R32: a range added while bound has no struct pages.
            return signalEvent(p, v, addr, shift, sigbus(addr, "R32", "no struct page for device offset "
                    + KernelParse.hex(pgoff << PAGE_SHIFT)));
        }
        return install(ctx, p, v, addr, write, shift, pgoff, folio);
    }

    /** Installs the entry (a racing fault may have installed it first) and counts the mapping once. */
    private Outcome install(FaultContext ctx, SimProcess p, Vma v, long addr, boolean write, int shift, long pgoff, long folio) {
        DevDax dev = v.device();
        FolioTable folios = dev.folios();
        long size = 1L << shift;
        long window = addr & ~(size - 1);
        folios.setMappingOnce(folio, pgoff);
        EntryTable t = v.table(shift);
        long slot = (window - v.start()) >> shift;
        long entry = (folio + 1) | EntryTable.WRITABLE | (write ? EntryTable.DIRTY : 0);
        long prev = t.installIfEmpty(slot, entry);
        if (prev == 0) {
            boolean counted = state.profile().refcountPerMapping();
            folios.addMapping(folio, counted);
            if (counted) {
                p.rssFileCounter().add(size);
            }
            EventRing.Writer w = ctx.events();
            if (w != null) {
                w.record(FaultEvent.Kind.FAULT, p.pid(), addr, dev.eventId(events), pgoff, folio, EventRing.levelCode(shift),
                        okResult);
            } else {
                events.record(FaultEvent.Kind.FAULT, p.pid(), addr, dev.eventId(events), pgoff, folio,
                        EventRing.levelCode(shift), okResult);
            }
        } else if (write) {
            t.setBits(slot, EntryTable.DIRTY | EntryTable.WRITABLE);
        }
        return VmOperations.NOPAGE;
    }

    private Outcome signalEvent(SimProcess p, Vma v, long addr, int shift, Outcome signal) {
        events.record(FaultEvent.Kind.SIGNAL, p.pid(), addr, v.device().eventId(events),
                v.pgoffOf(addr), -1, EventRing.levelCode(shift), sigbusResult);
        return signal;
    }
}
