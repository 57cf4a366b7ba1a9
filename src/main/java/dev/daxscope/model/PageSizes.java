package dev.daxscope.model;

/**
 * x86-64's page-table entry sizes, as the kernel names them: a page (PTE) is 4 KiB, a PMD
 * entry 2 MiB, a PUD entry 1 GiB. Device offsets count in pages (pgoff).
 */
public final class PageSizes {
    public static final int PAGE_SHIFT = 12;
    public static final int PMD_SHIFT = 21;
    public static final int PUD_SHIFT = 30;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    public static final long PMD_SIZE = 1L << PMD_SHIFT;
    public static final long PUD_SIZE = 1L << PUD_SHIFT;

    private PageSizes() {
    }
}
