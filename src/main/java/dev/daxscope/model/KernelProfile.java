package dev.daxscope.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kernel whose device-DAX semantics the simulator follows (scenario-language §3).
 * 6.15 introduced per-mapping folio references ("device/dax: properly refcount device dax pages
 * when mapping"). 6.1, 6.12, 6.16 and 6.18 are observed kernels: what differs between them was
 * seen in QEMU guests running Debian's kernels (docs/fidelity.md). 6.15 is the one profile
 * nobody observed: its R77/R83 quirks come from the kernel sources. 7.3 adds the third driver
 * on the dax bus, fsdev_dax (famfs mode), and the ABI changes its guests showed (docs/kernels.md).
 */
public enum KernelProfile {
    V6_1("6.1", false, false, false, false, true, true),
    V6_12("6.12", false, false, true, false, false, true),
    V6_15("6.15", true, true, true, true, false, false),
    V6_16("6.16", true, false, true, true, false, true),
    V6_18("6.18", true, false, true, true, true, true),
    V7_3("7.3", true, false, true, true, true, true);

    public static final KernelProfile DEFAULT = V6_16;

    private final String version;
    private final boolean refcountPerMapping;
    private final boolean quirks615;
    private final boolean hmemBindsKmem;
    private final boolean smapsCountsPtes;
    private final boolean smapsCountsHugeEntries;
    private final boolean observed;

    KernelProfile(String version, boolean refcountPerMapping, boolean quirks615, boolean hmemBindsKmem,
                  boolean smapsCountsPtes, boolean smapsCountsHugeEntries, boolean observed) {
        this.version = version;
        this.refcountPerMapping = refcountPerMapping;
        this.quirks615 = quirks615;
        this.hmemBindsKmem = hmemBindsKmem;
        this.smapsCountsPtes = smapsCountsPtes;
        this.smapsCountsHugeEntries = smapsCountsHugeEntries;
        this.observed = observed;
    }

    public String version() {
        return version;
    }

    /**
     * True since "device/dax: properly refcount device dax pages when mapping" (6.15): each mapped
     * entry holds a folio reference and is charged to the process's RssFile (seen on 6.16 and 6.18).
     */
    public boolean refcountPerMapping() {
        return refcountPerMapping;
    }

    /** The 6.15.x stale-pgmap quirk (R83); R77's smaps side is {@link #smapsCountsHugeEntries}. */
    public boolean quirks615() {
        return quirks615;
    }

    /**
     * Before the dax bus moved from device locks to its own rwsems (6.9), {@code mapping_store}
     * started from rc = -ENXIO, so a length that is not a max(align, 2M) multiple failed with ENXIO
     * instead of R31's silent success (observed on the 6.1 guest).
     */
    public boolean mappingUnalignedIsEnxio() {
        return this == V6_1;
    }

    /** Whether an hmem region's device defaults to kmem (6.12 and later) or device_dax (6.1). */
    public boolean hmemBindsKmem() {
        return hmemBindsKmem;
    }

    /**
     * Whether smaps {@code Rss} counts a device mapping's 4K entries: not while they were pfn
     * mappings without a struct page reference (6.1, 6.12), yes since they map refcounted folios.
     */
    public boolean smapsCountsPtes() {
        return smapsCountsPtes;
    }

    /**
     * Whether smaps {@code Rss} counts a device mapping's PMD/PUD entries: 6.1 did (devmap entries),
     * 6.12 did not, 6.15 and 6.16.12 do not (the entries are marked special, R77), 6.18 does.
     */
    public boolean smapsCountsHugeEntries() {
        return smapsCountsHugeEntries;
    }

    /**
     * Whether {@code /proc/kpageflags} reads KPF_NOPAGE (0x100000) for a device page, as on 6.1 and
     * 6.12; since the pages are refcounted folios (6.16, 6.18) it reads 0x0. {@code /proc/kpagecount}
     * reads 0 on every observed kernel.
     */
    public boolean kpageflagsNoPage() {
        return !refcountPerMapping;
    }

    /**
     * Whether a present pagemap entry of a device mapping has the exclusive bit (56): not on 6.1 or
     * 6.12, always on 6.16 and 6.18 (bit 61 is then set for 4K entries too).
     */
    public boolean pagemapExclusiveBit() {
        return refcountPerMapping;
    }

    /** Whether each dax device has the {@code memmap_on_memory} attribute (a 6.8 file: 6.12 and later). */
    public boolean hasMemmapOnMemory() {
        return this != V6_1;
    }

    /**
     * Whether the dax bus has the fsdev_dax driver (drivers/dax/fsdev.c, famfs mode): Debian's 7.3
     * builds it as a module ({@code CONFIG_DEV_DAX_FSDEV=m}), which daxctl 85 loads on demand.
     */
    public boolean hasFsdevDax() {
        return atLeast(V7_3);
    }

    /**
     * Whether a device bound to kmem has the {@code state} attribute (0644) that reads and sets
     * the online state of all its memory blocks at once (seen on 7.3).
     */
    public boolean kmemStateAttribute() {
        return atLeast(V7_3);
    }

    /**
     * The sysfs parent of hmem region {@code id}: the platform device moved under
     * {@code hmem_platform.0} in 7.x (was {@code /platform/hmem.N}).
     */
    public String hmemParent(int id) {
        return atLeast(V7_3) ? "/platform/hmem_platform.0/hmem." + id : "/platform/hmem." + id;
    }

    /** Whether this profile's kernel is {@code other} or newer. */
    public boolean atLeast(KernelProfile other) {
        return ordinal() >= other.ordinal();
    }

    /** False only for 6.15, whose profile follows the kernel sources: no 6.15 kernel was booted. */
    public boolean observed() {
        return observed;
    }

    public boolean isPre615() {
        return !refcountPerMapping;
    }

    public static Optional<KernelProfile> parse(String version) {
        return Arrays.stream(values()).filter(k -> k.version.equals(version)).findFirst();
    }

    /** The accepted versions, newest first, as a script or the command line writes them. */
    public static String versions() {
        return String.join(", ", Arrays.stream(values()).map(KernelProfile::version).toList().reversed());
    }

    @Override
    public String toString() {
        return version;
    }
}
