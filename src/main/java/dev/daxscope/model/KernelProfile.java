package dev.daxscope.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kernel whose device-DAX semantics the simulator follows (scenario-language §3).
 * 6.15 introduced per-mapping folio references; 6.15.x also carries two quirks (R77, R83)
 * that 6.16 fixed. 6.1 and 6.12 are the observed pre-6.15 kernels (devdax-semantics §15).
 */
public enum KernelProfile {
    V6_1("6.1", false, false, false),
    V6_12("6.12", false, false, true),
    V6_15("6.15", true, true, true),
    V6_16("6.16", true, false, true);

    public static final KernelProfile DEFAULT = V6_16;

    private final String version;
    private final boolean refcountPerMapping;
    private final boolean quirks615;
    private final boolean hmemBindsKmem;

    KernelProfile(String version, boolean refcountPerMapping, boolean quirks615, boolean hmemBindsKmem) {
        this.version = version;
        this.refcountPerMapping = refcountPerMapping;
        this.quirks615 = quirks615;
        this.hmemBindsKmem = hmemBindsKmem;
    }

    public String version() {
        return version;
    }

    /** True since "device/dax: properly refcount device dax pages when mapping" (6.15). */
    public boolean refcountPerMapping() {
        return refcountPerMapping;
    }

    /** The 6.15.x special-bit (R77) and stale-pgmap (R83) quirks. */
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

    public boolean isPre615() {
        return !refcountPerMapping;
    }

    public static Optional<KernelProfile> parse(String version) {
        return Arrays.stream(values()).filter(k -> k.version.equals(version)).findFirst();
    }

    @Override
    public String toString() {
        return version;
    }
}
