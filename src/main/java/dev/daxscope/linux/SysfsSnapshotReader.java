package dev.daxscope.linux;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.MemoryBlockInfo;
import dev.daxscope.model.MachineSnapshot.RangeInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.RegionKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a machine's device-DAX state from a sysfs tree: the real {@code /sys} or a capture on
 * disk (shared/fixtures, {@code daxscope sim export-sysfs}). Never throws for what it finds:
 * missing files, garbage, unreadable attributes and link loops become warnings on the snapshot,
 * and the object is listed with what could be read.
 *
 * <p>Captures copied without symlink support hold a link as a small file containing its
 * relative target; such files are followed like links.
 */
public final class SysfsSnapshotReader {
    private final Path sys;
    private final List<String> warnings = new ArrayList<>();
    /** Every read: bounded, confined to the tree, problems as warnings naming the file as /sys/... */
    private final TreeFiles files;

    public SysfsSnapshotReader(Path sysRoot) {
        this.files = new TreeFiles(sysRoot, "/sys", warnings);
        this.sys = files.root();
    }

    /** The directories a sysfs tree has (a real /sys, or a capture's sys/); a folder with none of them is not one. */
    public static final List<String> TREES = List.of("bus/dax", "devices/system/memory", "devices/system/node");

    /** Whether {@code dir} holds at least one of the {@link #TREES}. */
    public static boolean isSysfsTree(Path dir) {
        return TREES.stream().anyMatch(t -> Files.isDirectory(dir.resolve(t)));
    }

    /** Why {@code dir} cannot be read as a sysfs tree, or empty when it can. */
    public static Optional<String> notASysfsTree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.of(dir + " is not a directory");
        }
        return isSysfsTree(dir) ? Optional.empty() : Optional.of(dir + " is not a sysfs tree (it has none of "
                + String.join(", ", TREES) + ")");
    }

    public MachineSnapshot read(String sourceName) {
        warnings.clear();
        notASysfsTree(sys).ifPresent(this::warn);
        Map<String, List<DeviceInfo>> byRegionDir = new LinkedHashMap<>();
        Map<String, RegionInfo> regions = new LinkedHashMap<>();
        List<MemoryBlockInfo> blocks = readBlocks();
        long blockSize = hexOrZero(text(sys.resolve("devices/system/memory/block_size_bytes")));
        for (String name : list(sys.resolve("bus/dax/devices"))) {
            Optional<Path> devDir = follow(sys.resolve("bus/dax/devices").resolve(name));
            if (devDir.isEmpty()) {
                warn("/sys/bus/dax/devices/" + name + ": device link does not resolve; device not listed");
                continue;
            }
            if (!name.matches("dax\\d{1,9}\\.\\d{1,9}")) {
                warn("/sys/bus/dax/devices/" + name + ": not a device name (daxX.Y); not listed");
                continue;
            }
            Path dir = devDir.get();
            Path regionDir = dir.getParent().resolve("dax_region");
            String key = regionDir.toString();
            if (!regions.containsKey(key)) {
                RegionInfo r = readRegion(regionDir, Integer.parseInt(name.substring(3, name.indexOf('.'))));
                if (r == null) {
                    continue;
                }
                regions.put(key, r);
            }
            byRegionDir.computeIfAbsent(key, k -> new ArrayList<>()).add(readDevice(name, dir, regions.get(key), blocks, blockSize));
        }
        List<RegionInfo> out = new ArrayList<>();
        Map<Integer, String> idOwners = new HashMap<>();
        for (Map.Entry<String, RegionInfo> e : regions.entrySet()) {
            RegionInfo r = e.getValue();
            String owner = idOwners.putIfAbsent(r.id(), r.path());
            if (owner != null) {
                // Only a damaged tree has two region directories answering to one id; everything
                // keyed by region id (daxctl list -r, diff, import) would mix them up.
                warn("/sys/devices" + r.path() + ": region id " + r.id() + " is already /sys/devices" + owner
                        + "'s; this region and its devices are not listed");
                continue;
            }
            List<DeviceInfo> devs = new ArrayList<>(byRegionDir.getOrDefault(e.getKey(), List.of()));
            devs.sort(Comparator.comparingInt(DeviceInfo::id));
            // dax_region has no start attribute; a device's resource is its first range or the region start (R22).
            long start = devs.stream().mapToLong(DeviceInfo::resource).filter(v -> v > 0).min().orElse(0);
            out.add(new RegionInfo(r.id(), r.alias(), r.kind(), r.path(), start, r.size(), r.align(), r.targetNode(),
                    r.isStatic(), r.kmemDefault(), r.availableSize(), r.seed(), r.youngest(), devs));
        }
        out.sort(Comparator.comparingInt(RegionInfo::id));
        String policy = text(sys.resolve("devices/system/memory/auto_online_blocks")).orElse("");
        // The nearest profile: only 7.3's bus has fsdev_dax, which famfs-mode actions need.
        KernelProfile nearest = Files.isDirectory(sys.resolve("bus/dax/drivers/fsdev_dax")) ? KernelProfile.V7_3 : KernelProfile.DEFAULT;
        return new MachineSnapshot(sourceName, nearest, 0, out,
                new MachineSnapshot.MemoryInfo(blockSize, policy, blocks, readNodes()), List.of(), warnings, readCxlRegions(), List.of());
    }

    /** A region whose id cannot be read (or is not one) takes the X of its device daxX.Y, with a warning. */
    private RegionInfo readRegion(Path dir, int idFromDevice) {
        Optional<Long> read = number(dir.resolve("id"));
        long id = read.orElse((long) idFromDevice);
        if (id < 0 || id > Integer.MAX_VALUE) {
            warn(relative(dir.resolve("id")) + ": " + id + " is not a region id; using " + idFromDevice
                    + " from the device name");
            id = idFromDevice;
        } else if (read.isEmpty()) {
            warn(relative(dir) + ": no readable id; using " + idFromDevice + " from the device name");
        }
        Path parent = dir.getParent();
        String path = "/" + sys.resolve("devices").relativize(parent).toString();
        boolean isStatic = !Files.exists(dir.resolve("create"));
        Long available = isStatic ? null : number(dir.resolve("available_size")).orElse(null);
        RegionKind kind = path.contains("hmem") ? RegionKind.HMEM : path.contains("pmem") || path.contains("ndbus") ? RegionKind.PMEM
                : path.contains("cxl") || path.contains("ACPI0017") ? RegionKind.CXL : RegionKind.DYNAMIC;
        return new RegionInfo((int) id, null, kind, path, 0, number(dir.resolve("size")).orElse(0L),
                number(dir.resolve("align")).orElse(0L), -1, isStatic, false, available,
                text(dir.resolve("seed")).orElse(""), text(dir.resolve("create")).orElse(""), List.of());
    }

    private DeviceInfo readDevice(String name, Path dir, RegionInfo region, List<MemoryBlockInfo> blocks, long blockSize) {
        int id = parseId(name);
        List<RangeInfo> ranges = new ArrayList<>();
        for (String entry : list(dir)) {
            if (!entry.matches("mapping\\d+")) {
                continue;
            }
            if (!entry.matches("mapping\\d{1,9}")) {
                warn(relative(dir.resolve(entry)) + ": index too large; range not listed");
                continue;
            }
            Path m = dir.resolve(entry);
            Optional<Long> start = number(m.resolve("start"));
            Optional<Long> end = number(m.resolve("end"));
            Optional<Long> pgoff = number(m.resolve("page_offset"));
            if (start.isPresent() && end.isPresent() && pgoff.isPresent()) {
                ranges.add(new RangeInfo(Integer.parseInt(entry.substring(7)), start.get(), end.get(), pgoff.get()));
            } else {
                warn(relative(m) + ": start, end or page_offset unreadable; range not listed");
            }
        }
        ranges.sort(Comparator.comparingLong(RangeInfo::pgoff));
        String driverName = follow(dir.resolve("driver")).map(p -> p.getFileName().toString()).orElse("");
        DriverKind driver = DriverKind.ofSysfsName(driverName).orElseGet(() -> {
            warn(relative(dir.resolve("driver")) + ": " + driverName + " is not a dax bus driver; shown as unbound");
            return DriverKind.NONE;
        });
        Integer target = number(dir.resolve("target_node")).map(Long::intValue).orElse(null);
        int online = 0;
        int total = 0;
        boolean movable = true;
        if (driver == DriverKind.KMEM) {
            for (MemoryBlockInfo b : blocks) {
                boolean inside = ranges.stream().anyMatch(r -> b.start() >= r.start() && b.start() + blockSize - 1 <= r.end());
                if (inside) {
                    total++;
                    if (b.online()) {
                        online++;
                        movable &= "Movable".equals(b.zone());
                    }
                }
            }
        }
        return new DeviceInfo(name, region.id(), id, number(dir.resolve("size")).orElse(0L),
                number(dir.resolve("align")).orElse(0L), target, number(dir.resolve("numa_node")).orElse(-1L).intValue(),
                text(dir.resolve("memmap_on_memory")).map("1"::equals).orElse(false), driver, ranges,
                parseMinor(text(dir.resolve("dev")).orElse("")), driver.ownsDevicePages(), false,
                number(dir.resolve("resource")).orElse(0L), online, total, total > 0 && movable, 0, 0, List.of());
    }

    private List<MemoryBlockInfo> readBlocks() {
        List<MemoryBlockInfo> out = new ArrayList<>();
        Path mem = sys.resolve("devices/system/memory");
        long size = hexOrZero(text(mem.resolve("block_size_bytes")));
        for (String entry : list(mem)) {
            if (!entry.matches("memory\\d+")) {
                continue;
            }
            Path b = mem.resolve(entry);
            long index = entry.matches("memory\\d{1,15}") ? Long.parseLong(entry.substring(6)) : -1;
            if (index < 0 || size > 0 && Math.multiplyHigh(index, size) != 0 || index * size < 0) {
                warn(relative(b) + ": block index too large for a physical address; block not listed");
                continue;
            }
            boolean online = text(b.resolve("state")).map("online"::equals).orElse(false);
            String zone = text(b.resolve("valid_zones")).orElse("");
            int node = -1;
            for (String n : list(b)) {
                if (n.matches("node\\d+")) {
                    node = nodeId(b.resolve(n)).orElse(node);
                }
            }
            out.add(new MemoryBlockInfo(index, index * size, online, online ? zone : "", node, null));
        }
        out.sort(Comparator.comparingLong(MemoryBlockInfo::index));
        return out;
    }

    /**
     * /sys/bus/cxl/devices/regionN, when the machine has CXL regions: each attribute read on its
     * own, so a missing or garbled one leaves -1 and a warning, never an exception.
     */
    private List<MachineSnapshot.CxlRegionInfo> readCxlRegions() {
        Path devices = sys.resolve("bus/cxl/devices");
        List<MachineSnapshot.CxlRegionInfo> out = new ArrayList<>();
        for (String name : list(devices)) {
            if (!name.matches("region\\d{1,9}")) {
                continue;
            }
            Path dir = devices.resolve(name);
            int ways = number(dir.resolve("interleave_ways")).map(Long::intValue).orElse(-1);
            List<String> targets = new ArrayList<>();
            for (int i = 0; i < Math.max(0, Math.min(ways, 16)); i++) {
                text(dir.resolve("target" + i)).filter(t -> !t.isBlank()).ifPresent(targets::add);
            }
            Integer daxRegion = list(dir).stream().filter(c -> c.matches("dax_region\\d{1,9}")).findFirst()
                    .map(c -> Integer.parseInt(c.substring("dax_region".length()))).orElse(null);
            // resource reads ULLONG_MAX (-1) until the region has an HPA range, and 0 for non-root readers.
            out.add(new MachineSnapshot.CxlRegionInfo(name, text(dir.resolve("mode")).orElse("?"),
                    number(dir.resolve("size")).orElse(-1L), number(dir.resolve("resource")).orElse(-1L), ways,
                    number(dir.resolve("interleave_granularity")).orElse(-1L),
                    number(dir.resolve("commit")).map(c -> c == 1).orElse(false), targets, daxRegion));
        }
        out.sort(Comparator.comparingInt(r -> parseRegionNumber(r.name())));
        return out;
    }

    private static int parseRegionNumber(String name) {
        return Integer.parseInt(name.substring("region".length()));
    }

    /** The node dirs: has_cpu (a cpulist-style range list of nodes) and each node's MemTotal. */
    private List<MachineSnapshot.NodeInfo> readNodes() {
        Path dir = sys.resolve("devices/system/node");
        java.util.Set<Integer> withCpu = nodeList(text(dir.resolve("has_cpu")).orElse(""));
        List<MachineSnapshot.NodeInfo> out = new ArrayList<>();
        for (String entry : list(dir)) {
            if (entry.matches("node\\d+") && nodeId(dir.resolve(entry)).isPresent()) {
                int id = nodeId(dir.resolve(entry)).get();
                long memTotal = text(dir.resolve(entry).resolve("meminfo")).flatMap(SysfsSnapshotReader::memTotal).orElse(-1L);
                out.add(new MachineSnapshot.NodeInfo(id, withCpu.contains(id), memTotal));
            }
        }
        out.sort(Comparator.comparingInt(MachineSnapshot.NodeInfo::id));
        return out;
    }

    /** Linux has at most MAX_NUMNODES (1024) nodes: a nodeN beyond is a warning, not a node. */
    private Optional<Integer> nodeId(Path nodeEntry) {
        String name = nodeEntry.getFileName().toString();
        if (name.matches("node\\d{1,4}") && Integer.parseInt(name.substring(4)) < 1024) {
            return Optional.of(Integer.parseInt(name.substring(4)));
        }
        warn(relative(nodeEntry) + ": not a node number (0..1023); ignored");
        return Optional.empty();
    }

    /** "0-1,3" as a set; malformed parts are skipped (this file is advisory). */
    static java.util.Set<Integer> nodeList(String list) {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        for (String part : list.strip().split(",")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?").matcher(part.strip());
            if (m.matches()) {
                int from = Integer.parseInt(m.group(1));
                int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
                for (int n = from; n <= to && n - from < 4096; n++) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** "Node 0 MemTotal:  1898284 kB" in bytes. */
    private static Optional<Long> memTotal(String meminfo) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("MemTotal:\\s+(\\d{1,15}) kB").matcher(meminfo);
        return m.find() ? Optional.of(Long.parseLong(m.group(1)) * 1024) : Optional.empty();
    }

    // ------------------------------------------------------------------ file access that never throws

    private String relative(Path p) {
        return files.shown(p);
    }

    private void warn(String warning) {
        files.warn(warning);
    }

    private List<String> list(Path dir) {
        return files.list(dir);
    }

    private Optional<Path> follow(Path p) {
        return files.follow(p);
    }

    private Optional<String> text(Path p) {
        return files.text(p);
    }

    private Optional<Long> number(Path p) {
        return files.number(p);
    }

    private long hexOrZero(Optional<String> t) {
        try {
            long size = t.map(s -> Long.parseUnsignedLong(s.trim(), 16)).orElse(0L);
            if (size != 0 && (Long.bitCount(size) != 1 || size < 0)) {
                throw new NumberFormatException("not a power of two");
            }
            return size;
        } catch (NumberFormatException e) {
            warn("/sys/devices/system/memory/block_size_bytes: not a power of two in hex; block addresses unknown");
            return 0;
        }
    }

    private static int parseId(String name) {
        try {
            return Integer.parseInt(name.substring(name.indexOf('.') + 1));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static int parseMinor(String dev) {
        try {
            return Integer.parseInt(dev.substring(dev.indexOf(':') + 1).trim());
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
