package dev.daxscope.sim.mm;

import static dev.daxscope.model.PageSizes.PAGE_SHIFT;

import static dev.daxscope.sim.dax.DevDax.SZ_4K;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Errno;
import dev.daxscope.model.FaultEvent;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.DevDaxRange;
import dev.daxscope.sim.dax.FolioTable;
import dev.daxscope.sim.lib.EventRing;
import dev.daxscope.sim.lib.KernelParse;
import dev.daxscope.sim.state.KernelState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Memory failure on device-DAX pages (R91-R93): the generic device-page handler, which poisons
 * the whole folio, collects the current task and early-kill processes that map it, zaps the
 * folio's file range everywhere, and signals BUS_MCEERR_AR / BUS_MCEERR_AO.
 */
public final class MemoryFailure {

    private final KernelState state;
    private final ProcessTable processes;
    private final Unmap unmap;
    /** Physical 4K lines reported bad, while the folio holding them carries HWPoison. */
    private final Set<Long> poisonedLines = ConcurrentHashMap.newKeySet();
    private final Set<DevDax> devicesWithPoison = ConcurrentHashMap.newKeySet();

    public MemoryFailure(KernelState state, ProcessTable processes, Unmap unmap) {
        this.state = state;
        this.processes = processes;
        this.unmap = unmap;
    }

    public boolean hasPoisonedFolios(DevDax dev) {
        return !devicesWithPoison.isEmpty() && devicesWithPoison.contains(dev);
    }

    /** The poisoned 4K lines inside {@code dev}'s ranges (physical addresses, ascending), as isPoisonedLine sees them. */
    public java.util.List<Long> poisonedLines(DevDax dev) {
        if (!hasPoisonedFolios(dev)) {
            return java.util.List.of();
        }
        return poisonedLines.stream().filter(l -> deviceOf(l) == dev && isPoisonedLine(l)).sorted().toList();
    }

    /**
     * Whether {@code phys} was reported bad. A rebind re-initialises struct pages (R93, T34); we
     * then treat the line as clean too, since the simulator has no firmware remapping to model.
     */
    public boolean isPoisonedLine(long phys) {
        long line = phys & ~(SZ_4K - 1);
        if (!poisonedLines.contains(line)) {
            return false;
        }
        DevDax dev = deviceOf(line);
        if (dev == null || dev.folios() == null) {
            return false;
        }
        long folio = dev.folioOfPgoff(dev.physToPgoff(line));
        return (dev.folios().flags(folio) & FolioTable.FLAG_HWPOISON) != 0;
    }

    private DevDax deviceOf(long phys) {
        for (DevDax d : state.devices()) {
            for (DevDaxRange r : d.ranges()) {
                if (phys >= r.start() && phys <= r.end()) {
                    return d;
                }
            }
        }
        return null;
    }

    /** One mapper of the poisoned page found by collect_procs. */
    private record Victim(SimProcess process, long address, int shift) {
    }

    /**
     * memory_failure(pfn) with {@code current} as the current task (null: none). {@code accessAddr}
     * is where the current task touched the line (0 when the report came from elsewhere).
     */
    public Outcome memoryFailure(long phys, SimProcess current, long accessAddr) {
        DevDax dev = deviceOf(phys);
        if (dev == null || dev.folios() == null) {
            return Outcome.fail(Errno.ENXIO, "R91", "no device-dax struct page at " + KernelParse.hex(phys)
                    + (dev == null ? "" : " (" + dev.name() + " is not bound to device_dax)"));
        }
        if (dev.driver() == DriverKind.FSDEV_DAX) {
            return famfsFailure(dev, phys);
        }
        FolioTable folios = dev.folios();
        long pgoff = dev.physToPgoff(phys);
        long folio = dev.folioOfPgoff(pgoff);
        if ((folios.flags(folio) & FolioTable.FLAG_MAPPING_SET) == 0) {
            return Outcome.fail(Errno.EBUSY, "R92", "the folio at " + KernelParse.hex(phys)
                    + " was never faulted since bind (mapping unset): handling failed, nobody signalled");
        }
        folios.setPoison(folio);
        poisonedLines.add(phys & ~(SZ_4K - 1));
        devicesWithPoison.add(dev);

        List<Victim> victims = new ArrayList<>();
        for (SimProcess p : processes.byPid().values()) {
            if (!p.alive() || !(p == current || "early".equals(p.mceKill()))) {
                continue;
            }
            for (Vma v : p.vmas()) {
                if (v.device() != dev) {
                    continue;
                }
                long first = v.pgoff();
                long last = v.pgoff() + (v.length() >>> PAGE_SHIFT) - 1;
                if (pgoff < first || pgoff > last) {
                    continue;
                }
                long va = v.start() + ((pgoff - first) << PAGE_SHIFT);
                int shift = presentShift(v, va);
                if (shift > 0) {
                    victims.add(new Victim(p, va, shift));
                }
            }
        }
        if (!victims.isEmpty()) {
            int maxShift = victims.stream().mapToInt(Victim::shift).max().orElse(12);
            long span = 1L << (maxShift - 12);
            long fromPg = pgoff / span * span;
            zapFileRange(dev, fromPg, fromPg + span);
        }
        Outcome currentResult = Outcome.ok();
        for (Victim v : victims) {
            boolean actionRequired = v.process() == current;
            String code = actionRequired ? "MCEERR_AR" : "MCEERR_AO";
            v.process().addSignal("SIGBUS:" + code);
            state.events().record(FaultEvent.Kind.SIGNAL, v.process().pid(), v.address(),
                    state.events().intern(dev.name()), pgoff, folio, EventRing.levelCode(v.shift()),
                    state.events().intern("SIGBUS:" + code));
            if (actionRequired) {
                currentResult = new Outcome.Signal("SIGBUS", code, accessAddr != 0 ? accessAddr : v.address(), "R92",
                        "memory failure at " + KernelParse.hex(phys) + " (si_addr_lsb " + v.shift() + ")");
            }
        }
        state.bumpGeneration();
        return accessAddr != 0 ? currentResult : Outcome.ok(victims.isEmpty() ? "nobody mapped the page" : "");
    }

    /**
     * R106: fsdev_dax's page map passes the failure to the dax device's holder
     * (dax_holder_notify_failure). A mounted famfs would be that holder; the simulator mounts no
     * filesystem, so there is none: EOPNOTSUPP, and memory_failure_dev_pagemap falls back to the
     * generic handler, which cannot lock a folio that no file maps (fsdev cleared every mapping at
     * probe): EBUSY, nothing poisoned, nobody signalled.
     */
    private static Outcome famfsFailure(DevDax dev, long phys) {
        return Outcome.fail(Errno.EBUSY, "R106", dev.name() + " is in famfs mode and no filesystem holds it: the failure at "
                + KernelParse.hex(phys) + " has no holder to go to, and the generic handler finds no mapping to lock");
    }

    private static int presentShift(Vma v, long va) {
        long off = va - v.start();
        for (int shift = Vma.PUD_SHIFT; shift >= Vma.PTE_SHIFT; shift -= 9) {
            if (v.table(shift).get(off >> shift) != 0) {
                return shift;
            }
        }
        return 0;
    }

    /** unmap_mapping_range over device page offsets {@code [fromPg, toPg)} in every process. */
    private void zapFileRange(DevDax dev, long fromPg, long toPg) {
        for (SimProcess p : processes.byPid().values()) {
            for (Vma v : p.vmas()) {
                if (v.device() != dev) {
                    continue;
                }
                long vFirst = v.pgoff();
                long vEnd = v.pgoff() + (v.length() >>> PAGE_SHIFT);
                long s = Math.max(fromPg, vFirst);
                long e = Math.min(toPg, vEnd);
                if (s < e) {
                    unmap.zapAddressRange(p, v, v.start() + ((s - vFirst) << PAGE_SHIFT), v.start() + ((e - vFirst) << PAGE_SHIFT));
                }
            }
        }
    }

    /** {@code soft_offline_page}: only online pages can be soft-offlined (R91). */
    public Outcome softOffline(long phys) {
        DevDax dev = deviceOf(phys);
        if (dev != null && dev.folios() != null) {
            return Outcome.fail(Errno.EIO, "R91", KernelParse.hex(phys) + " is a device-dax page, not online memory");
        }
        return Outcome.fail(Errno.ENXIO, "R91", "no memory map for " + KernelParse.hex(phys));
    }
}
