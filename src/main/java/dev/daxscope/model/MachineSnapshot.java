package dev.daxscope.model;

import java.util.List;
import java.util.Optional;

/**
 * An immutable, consistent picture of a machine's device-DAX state: what every view and the
 * CLI show. Produced by the simulator or read from a real machine.
 *
 * @param source     where it came from ("simulated", "this machine", a snapshot path)
 * @param kernel     the kernel profile (simulated) or the nearest one (real)
 * @param generation changes whenever the structure changes
 */
public record MachineSnapshot(String source, KernelProfile kernel, long generation, List<RegionInfo> regions,
                              MemoryInfo memory, List<ProcessInfo> processes, List<String> warnings,
                              List<CxlRegionInfo> cxlRegions, List<IomemRange> iomem) {

    /** A snapshot without CXL regions and /proc/iomem ranges. */
    public MachineSnapshot(String source, KernelProfile kernel, long generation, List<RegionInfo> regions, MemoryInfo memory,
                           List<ProcessInfo> processes, List<String> warnings) {
        this(source, kernel, generation, regions, memory, processes, warnings, List.of(), List.of());
    }

    /**
     * One present page-table entry of a device-DAX mapping: the virtual address it maps, its
     * level (PTE, PMD, PUD), the device page offset and folio behind it, and its bits.
     */
    public record EntryInfo(long address, String level, long pgoff, long folio, boolean writable, boolean dirty) {
    }

    /**
     * A CXL region as /sys/bus/cxl/devices/regionN shows it (Documentation/ABI/testing/sysfs-bus-cxl):
     * mode ram or pmem, HPA size and start ({@code resource}; -1 when unset or hidden), interleave,
     * whether it is committed, its target endpoint decoders, and the dax region it feeds, if any
     * (a ram region's dax_regionN child); -1 for numbers that were missing or unreadable.
     */
    public record CxlRegionInfo(String name, String mode, long size, long resource, int interleaveWays,
                                long interleaveGranularity, boolean committed, List<String> targets, Integer daxRegion) {
        public CxlRegionInfo {
            targets = List.copyOf(targets);
        }
    }

    public MachineSnapshot {
        regions = List.copyOf(regions);
        processes = List.copyOf(processes);
        warnings = List.copyOf(warnings);
        cxlRegions = List.copyOf(cxlRegions);
        iomem = List.copyOf(iomem);
    }

    public Optional<DeviceInfo> device(String name) {
        return regions.stream().flatMap(r -> r.devices().stream()).filter(d -> d.name().equals(name)).findFirst();
    }

    public List<DeviceInfo> devices() {
        return regions.stream().flatMap(r -> r.devices().stream()).toList();
    }

    /** A dax region (R1-R5). {@code availableSize} is null for static regions (the file is hidden). */
    public record RegionInfo(int id, String alias, RegionKind kind, String path, long start, long size, long align,
                             int targetNode, boolean isStatic, boolean kmemDefault, Long availableSize, String seed,
                             String youngest, List<DeviceInfo> devices) {
        public RegionInfo {
            devices = List.copyOf(devices);
        }

        public long end() {
            return start + size - 1;
        }
    }

    /**
     * A dev_dax (R7), bound to {@code driver} ({@link DriverKind#NONE} when unbound); {@code targetNode}
     * is null when hidden. Memory-block counts are those of its kmem memory. {@code poisoned} are
     * the physical addresses of its 4K lines reported bad (R91; the simulator's only: a real
     * machine does not show ZONE_DEVICE poison to user space).
     */
    public record DeviceInfo(String name, int regionId, int id, long size, long align, Integer targetNode, int numaNode,
                             boolean memmapOnMemory, DriverKind driver, List<RangeInfo> ranges, int minor, boolean alive,
                             boolean inconsistent, long resource, int onlineBlocks, int totalBlocks, boolean movable,
                             long folioCount, long mappedFolios, List<Long> poisoned) {
        public DeviceInfo {
            ranges = List.copyOf(ranges);
            poisoned = List.copyOf(poisoned);
        }

        public boolean bound() {
            return driver.bound();
        }

        public boolean systemRam() {
            return driver == DriverKind.KMEM;
        }

        /** Whether it is bound to fsdev_dax, daxctl 85's famfs mode (R101). */
        public boolean famfs() {
            return driver == DriverKind.FSDEV_DAX;
        }

        /**
         * daxctl 85's mode, from the bound driver: "system-ram" (kmem), "famfs" (fsdev_dax), else
         * "devdax", also for an unbound device (daxctl/json.c).
         */
        public String mode() {
            return driver.mode();
        }
    }

    /** One range and its {@code mappingN} (R9, R10). */
    public record RangeInfo(int mappingId, long start, long end, long pgoff) {
        public long size() {
            return end - start + 1;
        }
    }

    public record MemoryInfo(long blockSize, String autoOnline, List<MemoryBlockInfo> blocks, List<NodeInfo> nodes) {
        public MemoryInfo {
            blocks = List.copyOf(blocks);
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * A NUMA node as /sys/devices/system/node shows it: whether it has CPUs (has_cpu) and its
     * MemTotal (nodeN/meminfo; -1 when unreadable). Memory-only nodes are where kmem puts
     * device-DAX memory (a device's target_node).
     */
    public record NodeInfo(int id, boolean hasCpu, long memTotal) {
    }

    /** A memory block; {@code owner} is the device that hot-added it, or null for boot RAM. */
    public record MemoryBlockInfo(long index, long start, boolean online, String zone, int node, String owner) {
    }

    public record ProcessInfo(int pid, String name, boolean alive, long rssFile, List<VmaInfo> vmas) {
        public ProcessInfo {
            vmas = List.copyOf(vmas);
        }
    }

    /**
     * A device-DAX mapping. The entry counts are known for simulated processes only;
     * {@code observedSmapsRss} is what a real machine's smaps showed (bytes), -1 when not read.
     */
    public record VmaInfo(long start, long end, long pgoff, String device, boolean writable, boolean noHugepage,
                          long ptes, long pmds, long puds, long observedSmapsRss) {

        /** The device byte offset this mapping starts at. */
        public long deviceStart() {
            return pgoff << PageSizes.PAGE_SHIFT;
        }

        /** The device byte offset just past this mapping's end. */
        public long deviceEnd() {
            return deviceStart() + (end - start);
        }

        /**
         * The {@code Rss} that /proc/PID/smaps shows for this mapping under {@code kernel}, which is
         * not RssFile: each kernel counts its 4K and huge entries as its guests showed
         * ({@link KernelProfile#smapsCountsPtes}, {@link KernelProfile#smapsCountsHugeEntries}).
         * PUD entries follow PMD entries [U: no 1G-aligned device in the guests].
         */
        public long smapsRss(KernelProfile kernel) {
            return (kernel.smapsCountsPtes() ? ptes * PageSizes.PAGE_SIZE : 0)
                    + (kernel.smapsCountsHugeEntries() ? (pmds << PageSizes.PMD_SHIFT) + (puds << PageSizes.PUD_SHIFT) : 0);
        }

        /**
         * Bit 61 (file page or shared anonymous) of this mapping's present pagemap entries: before
         * 6.15 it is set for huge mappings only, as the 6.1 and 6.12 guests show (§15); since 6.15
         * every entry maps a refcounted file folio.
         */
        public boolean pagemapFileBit(KernelProfile kernel) {
            return !kernel.isPre615() || pmds + puds > 0;
        }
    }
}
