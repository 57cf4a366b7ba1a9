package dev.daxscope.model;

import java.util.List;

/**
 * What probe mode saw: the result of mapping the device, the address it was mapped at, and one
 * row per touched page.
 */
public record ProbeReport(Outcome mapping, long address, List<Page> pages) {
    public ProbeReport {
        pages = List.copyOf(pages);
    }

    /**
     * One touched page: the access (ok, or the signal it raised), pagemap's present bit and PFN
     * ({@code pfnHidden} when reading PFNs needs CAP_SYS_ADMIN), and mincore's resident bit.
     */
    public record Page(long offset, Outcome access, boolean present, long pfn, boolean pfnHidden, boolean resident) {
    }

    /** The report as an aligned table, a header line then one line per page (the CLI and the inspector print it). */
    public List<String> table() {
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add(String.format(java.util.Locale.ROOT, "%-12s %-16s %-8s %-20s %s", "OFFSET", "ACCESS", "PRESENT", "PFN",
                "RESIDENT"));
        for (Page p : pages) {
            out.add(String.format(java.util.Locale.ROOT, "0x%-10x %-16s %-8s %-20s %s", p.offset(), p.access().token(),
                    p.present() ? "yes" : "no", p.pfnHidden() ? "hidden (needs root)" : p.present()
                    ? "0x" + Long.toHexString(p.pfn()) : "-", p.resident() ? "yes" : "no"));
        }
        return out;
    }

    /** Whether any touch raised a signal. */
    public boolean signalled() {
        return pages.stream().anyMatch(p -> !p.access().isOk());
    }
}
