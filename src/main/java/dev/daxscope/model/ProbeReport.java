package dev.daxscope.model;

import java.util.List;

/**
 * What probe mode saw: the result of mapping the device, the address it was mapped at, one row
 * per touched page, and what the kernel charged the probing process for the mapping.
 */
public record ProbeReport(Outcome mapping, long address, List<Page> pages, Accounting accounting) {
    public ProbeReport {
        pages = List.copyOf(pages);
    }

    /** A failed probe: nothing was mapped, nothing charged. */
    public ProbeReport(Outcome mapping) {
        this(mapping, 0, List.of(), Accounting.UNKNOWN);
    }

    /**
     * The 6.15 refcount change as the probing process sees it on {@code kernel} (the running
     * release): the RssFile its touched mapping is charged and the mapping's smaps Rss, in bytes
     * (-1 when they could not be read).
     */
    public record Accounting(String kernel, long rssFileCharged, long smapsRss) {
        public static final Accounting UNKNOWN = new Accounting("", -1, -1);

        /** One line in words, naming the kernel; empty when nothing could be measured. */
        public String describe() {
            if (rssFileCharged < 0) {
                return "";
            }
            String smaps = smapsRss < 0 ? "" : "; smaps Rss " + size(smapsRss);
            if (rssFileCharged > 0) {
                return "kernel " + kernel + ": the mapping is charged " + size(rssFileCharged)
                        + " of RssFile (device-DAX pages are refcounted per mapping since 6.15)" + smaps;
            }
            return "kernel " + kernel + ": the mapping is charged no RssFile" + (before615(kernel)
                    ? " (before 6.15 device-DAX pages take no reference when mapped: not visible, R99)" : "") + smaps;
        }

        private static boolean before615(String release) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release);
            return m.find() && Integer.parseInt(m.group(1)) * 1000 + Integer.parseInt(m.group(2)) < 6015;
        }

        private static String size(long bytes) {
            return bytes % (1L << 20) == 0 && bytes > 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
        }
    }

    /**
     * One touched page: the access (ok, or the signal it raised), pagemap's present bit and PFN
     * ({@code pfnHidden} when reading PFNs needs CAP_SYS_ADMIN), mincore's resident bit, and
     * /proc/kpagecount and /proc/kpageflags for the PFN (-1 when the PFN or those files could not
     * be read).
     */
    public record Page(long offset, Outcome access, boolean present, long pfn, boolean pfnHidden, boolean resident,
                       long kpagecount, long kpageflags) {
        private static final long KPF_NOPAGE = 1L << 20;

        /**
         * Whether the kernel hides this page's counters from user space: a ZONE_DEVICE page (all of
         * device-DAX) reads count 0 with only KPF_NOPAGE set (R99).
         */
        public boolean countersNotVisible() {
            return kpageflags >= 0 && (kpageflags & KPF_NOPAGE) != 0 || kpagecount == 0 && present;
        }

        /** What the kernel's own counters say of it, in words. */
        public String counters() {
            if (kpagecount < 0) {
                return "kpagecount unreadable" + (pfnHidden ? " (needs root)" : "");
            }
            return countersNotVisible() ? "refcount not visible from user space (R99)" : "kpagecount " + kpagecount;
        }
    }

    /** The report as an aligned table, a header line then one line per page (the CLI and the inspector print it). */
    public List<String> table() {
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add(String.format(java.util.Locale.ROOT, "%-12s %-16s %-8s %-20s %-9s %s", "OFFSET", "ACCESS", "PRESENT", "PFN",
                "RESIDENT", "KERNEL COUNTERS"));
        for (Page p : pages) {
            out.add(String.format(java.util.Locale.ROOT, "0x%-10x %-16s %-8s %-20s %-9s %s", p.offset(), p.access().token(),
                    p.present() ? "yes" : "no", p.pfnHidden() ? "hidden (needs root)" : p.present()
                    ? "0x" + Long.toHexString(p.pfn()) : "-", p.resident() ? "yes" : "no", p.present() ? p.counters() : "-"));
        }
        return out;
    }

    /** Whether any touch raised a signal. */
    public boolean signalled() {
        return pages.stream().anyMatch(p -> !p.access().isOk());
    }
}
