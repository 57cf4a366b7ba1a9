package dev.daxscope.sim.mm;

import static dev.daxscope.model.PageSizes.PAGE_SHIFT;

import dev.daxscope.model.PageSizes;
import dev.daxscope.sim.dax.DevDax;

/**
 * A device-DAX VMA (R42): {@code [start, end)}, file offset in pages, protection and the
 * hugepage flags, with its own PTE/PMD/PUD entry tables. Boundaries and flags are immutable: a
 * split or an mprotect makes new VMAs (entries are carried over), as the kernel's vma code does.
 */
public final class Vma {
    public static final int PTE_SHIFT = PageSizes.PAGE_SHIFT;
    public static final int PMD_SHIFT = PageSizes.PMD_SHIFT;
    public static final int PUD_SHIFT = PageSizes.PUD_SHIFT;

    private final long start;
    private final long end;
    private final long pgoff;
    private final OpenFile file;
    private final boolean writable;
    private final boolean noHugepage;
    private final EntryTable pte;
    private final EntryTable pmd;
    private final EntryTable pud;

    public Vma(long start, long end, long pgoff, OpenFile file, boolean writable, boolean noHugepage) {
        this(start, end, pgoff, file, writable, noHugepage,
                new EntryTable(PTE_SHIFT, end - start), new EntryTable(PMD_SHIFT, end - start),
                new EntryTable(PUD_SHIFT, end - start));
    }

    private Vma(long start, long end, long pgoff, OpenFile file, boolean writable, boolean noHugepage,
                EntryTable pte, EntryTable pmd, EntryTable pud) {
        this.start = start;
        this.end = end;
        this.pgoff = pgoff;
        this.file = file;
        this.writable = writable;
        this.noHugepage = noHugepage;
        this.pte = pte;
        this.pmd = pmd;
        this.pud = pud;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public long length() {
        return end - start;
    }

    /** vm_pgoff: the file offset of {@code start}, in 4K pages. */
    public long pgoff() {
        return pgoff;
    }

    public OpenFile file() {
        return file;
    }

    public DevDax device() {
        return file.device();
    }

    public boolean writable() {
        return writable;
    }

    public boolean noHugepage() {
        return noHugepage;
    }

    public boolean contains(long addr) {
        return addr >= start && addr < end;
    }

    /** Entry table of a level: 12 (PTE), 21 (PMD) or 30 (PUD). */
    public EntryTable table(int shift) {
        return switch (shift) {
            case PTE_SHIFT -> pte;
            case PMD_SHIFT -> pmd;
            default -> pud;
        };
    }

    public long pgoffOf(long addr) {
        return pgoff + ((addr - start) >>> PAGE_SHIFT);
    }

    /** The same VMA at another address with another length (mremap); tables move with it when kept. */
    public Vma movedTo(long newStart, long newLength, boolean keepEntries) {
        if (keepEntries && newLength == length()) {
            return new Vma(newStart, newStart + newLength, pgoff, file, writable, noHugepage, pte, pmd, pud);
        }
        return new Vma(newStart, newStart + newLength, pgoff, file, writable, noHugepage);
    }

    /** A fresh VMA for {@code [from, to)} of this one with other flags; entries are copied by the caller. */
    public Vma slice(long from, long to, boolean newWritable, boolean newNoHugepage) {
        return new Vma(from, to, pgoffOf(from), file, newWritable, newNoHugepage);
    }

    /** For fork (R73): same range and flags, no entries. */
    public Vma emptyCopy() {
        return new Vma(start, end, pgoff, file, writable, noHugepage);
    }

    public long heapBytes() {
        return 64 + pte.heapBytes() + pmd.heapBytes() + pud.heapBytes();
    }
}
