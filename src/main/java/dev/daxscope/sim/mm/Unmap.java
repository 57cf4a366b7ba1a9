package dev.daxscope.sim.mm;

import dev.daxscope.model.FaultEvent;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.FolioTable;
import dev.daxscope.sim.lib.EventRing;
import dev.daxscope.sim.state.KernelState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Taking entries away (mm/memory.c's zap_page_range_single and unmap_mapping_range): VMAs
 * rebuilt around a range, entries moved to the pieces that still cover them, the rest zapped
 * with their folio counts and ZAP events (R70, R71, R79).
 */
public final class Unmap {
    private final KernelState state;
    private final ProcessTable processes;
    private final int okResult;

    public Unmap(KernelState state, ProcessTable processes) {
        this.state = state;
        this.processes = processes;
        this.okResult = state.events().intern("ok");
    }

    /** Removes {@code [from, to)} from the address space: VMAs split, entries in the hole zapped. */
    void removeRange(SimProcess p, long from, long to) {
        rebuild(p, from, to, v -> null);
    }

    /** Replaces the part of every VMA inside {@code [from, to)} by {@code change.apply(slice)} (null removes it). */
    void rebuild(SimProcess p, long from, long to, UnaryOperator<Vma> change) {
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
        state.srcu().synchronize();
        for (Vma v : gone) {
            zapRange(p, v, v.start(), v.end());
        }
    }

    /** Moves entries of {@code from} that lie inside {@code to} (same addresses) into {@code to}'s tables. */
    static void moveEntries(Vma from, Vma to) {
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
    void zapRange(SimProcess p, Vma v, long from, long to) {
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
        boolean counted = state.profile().refcountPerMapping();
        if (folios != null) {
            folios.removeMapping(folio, counted);
        }
        if (counted) {
            p.rssFileCounter().add(-(1L << shift));
        }
        state.events().record(FaultEvent.Kind.ZAP, p.pid(), va, v.device().eventId(state.events()),
                v.pgoffOf(va), folio, EventRing.levelCode(shift), okResult);
    }

    /** Zaps {@code [from, to)} of one VMA (unmap_mapping_range for memory failure). */
    public void zapAddressRange(SimProcess p, Vma v, long from, long to) {
        zapRange(p, v, from, to);
    }

    /** R79 step 2: zap every entry of every process that maps {@code dev}. */
    public void zapDevice(DevDax dev) {
        for (SimProcess p : processes.byPid().values()) {
            for (Vma v : p.vmas()) {
                if (v.device() == dev) {
                    zapRange(p, v, v.start(), v.end());
                }
            }
        }
    }
}
