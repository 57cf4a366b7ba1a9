package dev.daxscope.sim.sysfs;

import static dev.daxscope.sim.lib.KernelParse.hex;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.dax.DaxRegion;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.DevDaxRange;
import dev.daxscope.sim.drivers.DaxBus;
import dev.daxscope.sim.drivers.DeviceAttributes;
import dev.daxscope.sim.kmem.MemoryBlock;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.lib.KernelParse;
import dev.daxscope.sim.mm.MemoryFailure;
import dev.daxscope.sim.state.KernelState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The simulated sysfs (and {@code /proc/iomem}): a path-addressable tree of attribute files and
 * symlinks generated from the kernel objects, with the kernel's modes, texts and errno.
 * {@code read}/{@code write} behave like {@code cat} and {@code echo > file} (R21-R24).
 */
public final class Sysfs {
    private static final int MAX_LINKS = 40;
    private static final int DAX_MAJOR = 252;

    private final KernelState kernel;
    private final DaxBus daxBus;
    private final DeviceAttributes deviceAttributes;
    private final MemoryFailure poison;
    private final dev.daxscope.sim.mm.ProcessTable processes;
    private final DamonFiles damonFiles;
    /** The last tree built, reused while the kernel's generation stands still and nothing was written. */
    private volatile Built built;

    private record Built(long generation, SysfsNode.Dir root) {
    }

    public Sysfs(KernelState kernel, DaxBus bus, DeviceAttributes deviceAttributes, MemoryFailure poison,
                 dev.daxscope.sim.mm.ProcessTable processes, dev.daxscope.sim.damon.SimDamon damon) {
        this.kernel = kernel;
        this.damonFiles = new DamonFiles(damon);
        this.processes = processes;
        this.daxBus = bus;
        this.deviceAttributes = deviceAttributes;
        this.poison = poison;
    }

    /** A read result: the text, or the errno that open/read gave. */
    public record ReadResult(String text, Outcome outcome) {
        public boolean ok() {
            return outcome.isOk();
        }
    }

    /** The sysfs path of a region's {@code dax_region} directory, e.g. {@code /sys/devices/platform/hmem.0/dax_region}. */
    public static String regionDir(DaxRegion r) {
        return "/sys/devices" + r.parentPath() + "/dax_region";
    }

    public static String deviceDir(DevDax d) {
        return "/sys/devices" + d.region().parentPath() + "/" + d.name();
    }

    /** Expands {@code @NAME/...} (scenario-language §3) to the region's dax_region directory. */
    public String expandAlias(String path) {
        if (!path.startsWith("@")) {
            return path;
        }
        int slash = path.indexOf('/');
        String alias = slash < 0 ? path.substring(1) : path.substring(1, slash);
        return kernel.regionByAlias(alias).map(r -> regionDir(r) + (slash < 0 ? "" : path.substring(slash))).orElse(path);
    }

    /**
     * The tree for a read: the files read live state, so only the directories' shape is cached,
     * and every change of shape (bus stores, hot-plug, mmap, ...) moves the kernel's generation.
     */
    private SysfsNode.Dir tree() {
        long generation = kernel.generation();
        Built b = built;
        if (b == null || b.generation() != generation) {
            b = new Built(generation, build());
            built = b;
        }
        return b.root();
    }

    public ReadResult read(String path) {
        kernel.lock().readLock().lock();
        try {
            Resolved res = resolve(tree(), expandAlias(path));
            if (res.error() != null) {
                return new ReadResult("", res.error());
            }
            if (!(res.node() instanceof SysfsNode.File f)) {
                return new ReadResult("", Outcome.fail(Errno.EISDIR, "R24", path + " is a directory"));
            }
            int need = kernel.isRoot() ? 0444 : 0004;
            if ((f.mode() & need) == 0) {
                return new ReadResult("", Outcome.fail(Errno.EACCES, "R24", path + " has mode "
                        + String.format(Locale.ROOT, "%04o", f.mode()) + (kernel.isRoot() ? "; it is write-only" : "; only root may read it")));
            }
            return new ReadResult(f.read().get(), Outcome.ok());
        } finally {
            kernel.lock().readLock().unlock();
        }
    }

    /** {@code echo VALUE > PATH}: {@code value} is passed verbatim (the caller adds echo's newline). */
    public Outcome write(String path, String value) {
        kernel.lock().writeLock().lock();
        // A store may change the shape without moving the generation (a block's state, its node).
        built = null;
        try {
            Resolved res = resolve(build(), expandAlias(path));
            if (res.error() != null) {
                return res.error();
            }
            if (!(res.node() instanceof SysfsNode.File f)) {
                return Outcome.fail(Errno.EISDIR, "R24", path + " is a directory");
            }
            int need = kernel.isRoot() ? 0222 : 0002;
            if ((f.mode() & need) == 0 || f.write() == null) {
                return Outcome.fail(Errno.EACCES, "R24", path + " has mode " + String.format(Locale.ROOT, "%04o", f.mode())
                        + ((f.mode() & 0222) == 0 ? "; it is read-only" : "; only root may write it"));
            }
            return f.write().apply(value);
        } finally {
            kernel.lock().writeLock().unlock();
        }
    }

    /** Names in a directory (symlinks resolved), empty when it does not exist. */
    public List<String> list(String path) {
        kernel.lock().readLock().lock();
        try {
            Resolved res = resolve(tree(), expandAlias(path));
            if (res.node() instanceof SysfsNode.Dir d) {
                return List.copyOf(d.children().keySet());
            }
            return List.of();
        } finally {
            kernel.lock().readLock().unlock();
        }
    }

    /** Whether a path exists (no permission check). */
    public boolean exists(String path) {
        kernel.lock().readLock().lock();
        try {
            return resolve(tree(), expandAlias(path)).error() == null;
        } finally {
            kernel.lock().readLock().unlock();
        }
    }

    private record Resolved(SysfsNode node, Outcome error) {
    }

    private static Resolved resolve(SysfsNode.Dir root, String path) {
        if (!path.startsWith("/")) {
            return new Resolved(null, Outcome.fail(Errno.ENOENT, "R24", "'" + path + "' is not an absolute path"));
        }
        List<String> parts = new ArrayList<>(List.of(path.substring(1).split("/")));
        List<String> done = new ArrayList<>();
        SysfsNode node = root;
        int links = 0;
        while (!parts.isEmpty()) {
            String part = parts.remove(0);
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                node = walk(root, done);
                continue;
            }
            if (!(node instanceof SysfsNode.Dir dir)) {
                return new Resolved(null, Outcome.fail(Errno.ENOTDIR, "R24", "/" + String.join("/", done) + " is not a directory"));
            }
            SysfsNode child = dir.children().get(part);
            if (child == null) {
                return new Resolved(null, Outcome.fail(Errno.ENOENT, "R24", "no such file: " + path));
            }
            if (child instanceof SysfsNode.Link link) {
                if (++links > MAX_LINKS) {
                    return new Resolved(null, Outcome.fail(Errno.ELOOP, "", "too many symlinks in " + path));
                }
                List<String> rest = new ArrayList<>(List.of(link.target().substring(1).split("/")));
                rest.addAll(parts);
                parts = rest;
                done.clear();
                node = root;
                continue;
            }
            done.add(part);
            node = child;
        }
        return new Resolved(node, null);
    }

    private static SysfsNode walk(SysfsNode.Dir root, List<String> parts) {
        SysfsNode node = root;
        for (String p : parts) {
            node = ((SysfsNode.Dir) node).children().get(p);
        }
        return node;
    }

    /** The whole tree as of now (files read lazily from the live objects). */
    public SysfsNode.Dir build() {
        SysfsNode.Dir root = new SysfsNode.Dir();
        SysfsNode.Dir sys = root.dir("sys");
        SysfsNode.Dir bus = sys.dir("bus").dir("dax");
        bus.file("uevent", 0200, () -> "", v -> Outcome.ok());
        bus.file("drivers_autoprobe", 0644, () -> "1\n", v -> Outcome.ok());
        bus.file("drivers_probe", 0200, () -> "", v -> Outcome.ok());
        SysfsNode.Dir devices = bus.dir("devices");
        SysfsNode.Dir drivers = bus.dir("drivers");
        for (DriverKind drv : daxBus.registered()) {
            SysfsNode.Dir d = drivers.dir(drv.sysfsName());
            d.file("bind", 0200, () -> "", v -> daxBus.storeBind(drv, v));
            d.file("unbind", 0200, () -> "", v -> daxBus.storeUnbind(drv, v));
            d.file("new_id", 0200, () -> "", v -> daxBus.storeNewId(drv, v));
            d.file("remove_id", 0200, () -> "", v -> daxBus.storeRemoveId(drv, v));
            d.file("uevent", 0200, () -> "", v -> Outcome.ok());
        }
        for (DaxRegion r : kernel.regions().values()) {
            SysfsNode.Dir parent = dirAt(sys, "devices" + r.parentPath());
            addCxlRegion(sys, r);
            addRegion(parent.dir("dax_region"), r);
            for (DevDax d : r.devices().values()) {
                addDevice(parent.dir(d.name()), d);
                devices.link(d.name(), deviceDir(d));
                // libdaxctl finds a device's bus through its node: /sys/dev/char/MAJ:MIN/subsystem
                sys.dir("dev").dir("char").link(DAX_MAJOR + ":" + d.minor(), deviceDir(d));
                if (d.isBound()) {
                    drivers.dir(d.driver().sysfsName()).link(d.name(), deviceDir(d));
                }
            }
        }
        TieringFiles tiering = new TieringFiles(kernel, processes.anon());
        addMemory(sys.dir("devices").dir("system"), tiering);
        tiering.addTo(root);
        damonFiles.addTo(root);
        root.dir("proc").file("iomem", 0444, () -> iomem(kernel.isRoot()), null);
        ProcessFiles.addTo(root.dir("proc"), processes);
        return root;
    }

    private static SysfsNode.Dir dirAt(SysfsNode.Dir from, String relative) {
        SysfsNode.Dir d = from;
        for (String part : relative.split("/")) {
            if (!part.isEmpty()) {
                d = d.dir(part);
            }
        }
        return d;
    }

    /** /sys/bus/cxl/devices/regionN for a CXL provider's region (CxlRegions says what it holds). */
    private static void addCxlRegion(SysfsNode.Dir sys, DaxRegion r) {
        dev.daxscope.sim.dax.CxlRegions.of(r).ifPresent(c -> {
            String path = dev.daxscope.sim.dax.CxlRegions.directory(r).orElseThrow();
            SysfsNode.Dir dir = dirAt(sys, "devices" + path);
            dir.file("mode", 0444, () -> c.mode() + "\n", null);
            dir.file("size", 0644, () -> String.format(Locale.ROOT, "%#x%n", c.size()), null);
            dir.file("resource", 0400, () -> String.format(Locale.ROOT, "%#x%n", c.resource()), null);
            dir.file("interleave_ways", 0644, () -> c.interleaveWays() + "\n", null);
            dir.file("interleave_granularity", 0644, () -> c.interleaveGranularity() + "\n", null);
            dir.file("commit", 0644, () -> (c.committed() ? "1" : "0") + "\n", null);
            for (int i = 0; i < c.targets().size(); i++) {
                String target = c.targets().get(i);
                dir.file("target" + i, 0644, () -> target + "\n", null);
            }
            sys.dir("bus").dir("cxl").dir("devices").link(c.name(), "/sys/devices" + path);
        });
    }

    private void addRegion(SysfsNode.Dir dir, DaxRegion r) {
        dir.file("id", 0444, () -> r.id() + "\n", null);
        dir.file("size", 0444, () -> r.size() + "\n", null);
        dir.file("align", 0400, () -> r.align() + "\n", null);
        if (!r.isStatic()) {
            dir.file("available_size", 0444, () -> r.availableSize() + "\n", null);
            dir.file("seed", 0444, () -> (r.seed() == null ? "" : r.seed().name()) + "\n", null);
            dir.file("create", 0644, () -> (r.youngest() == null ? "" : r.youngest().name()) + "\n",
                    v -> daxBus.storeCreate(r, v));
            dir.file("delete", 0200, () -> "", v -> daxBus.storeDelete(r, v));
        }
    }

    private void addDevice(SysfsNode.Dir dir, DevDax d) {
        boolean dynamic = !d.region().isStatic();
        dir.file("modalias", 0444, () -> "dax:t0\n", null);
        dir.file("size", dynamic ? 0644 : 0444, () -> d.size() + "\n", dynamic ? v -> deviceAttributes.storeSize(d, v) : null);
        if (dynamic) {
            dir.file("mapping", 0200, () -> "", v -> deviceAttributes.storeMapping(d, v));
        }
        if (d.region().targetNode() >= 0) {
            dir.file("target_node", 0444, () -> d.targetNode() + "\n", null);
        }
        dir.file("align", dynamic ? 0644 : 0444, () -> d.align() + "\n", dynamic ? v -> deviceAttributes.storeAlign(d, v) : null);
        dir.file("resource", 0400, () -> hex(d.resource()) + "\n", null);
        dir.file("numa_node", 0444, () -> d.numaNode() + "\n", null);
        if (kernel.profile().hasMemmapOnMemory()) {
            dir.file("memmap_on_memory", 0644, () -> (d.memmapOnMemory() ? "1" : "0") + "\n",
                    v -> deviceAttributes.storeMemmapOnMemory(d, v));
        }
        if (d.driver() == DriverKind.KMEM && kernel.profile().kmemStateAttribute()) {
            dir.file("state", 0644, () -> deviceAttributes.kmemState(d), v -> deviceAttributes.storeKmemState(d, v));
        }
        dir.file("dev", 0444, () -> DAX_MAJOR + ":" + d.minor() + "\n", null);
        dir.file("uevent", 0644, () -> "MAJOR=" + DAX_MAJOR + "\nMINOR=" + d.minor() + "\nDEVNAME=" + d.name() + "\n"
                + (d.isBound() ? "DRIVER=" + d.driver().sysfsName() + "\n" : "") + "MODALIAS=dax:t0\n", v -> Outcome.ok());
        dir.link("subsystem", "/sys/bus/dax");
        if (d.isBound()) {
            dir.link("driver", "/sys/bus/dax/drivers/" + d.driver().sysfsName());
        }
        for (DevDaxRange range : d.ranges()) {
            SysfsNode.Dir m = dir.dir("mapping" + range.mappingId());
            m.file("start", 0400, () -> hex(range.start()) + "\n", null);
            m.file("end", 0400, () -> hex(range.end()) + "\n", null);
            m.file("page_offset", 0400, () -> hex(range.pgoff()) + "\n", null);
            m.file("uevent", 0644, () -> "", v -> Outcome.ok());
        }
    }

    private void addMemory(SysfsNode.Dir system, TieringFiles tiering) {
        MemoryHotplug mem = kernel.memory();
        SysfsNode.Dir dir = system.dir("memory");
        dir.file("block_size_bytes", 0444, () -> Long.toHexString(mem.blockSize()) + "\n", null);
        dir.file("auto_online_blocks", 0644, () -> mem.autoOnline() + "\n", v -> {
            String policy = KernelParse.stripOneNewline(v);
            if (!MemoryHotplug.validPolicy(policy)) {
                return Outcome.fail(Errno.EINVAL, "R87", "'" + policy + "' is not offline, online, online_kernel or online_movable");
            }
            mem.setAutoOnline(policy);
            kernel.bumpGeneration();
            return Outcome.ok();
        });
        dir.file("soft_offline_page", 0200, () -> "", v -> physWrite(v, true));
        dir.file("hard_offline_page", 0200, () -> "", v -> physWrite(v, false));
        dir.file("uevent", 0644, () -> "", v -> Outcome.ok());
        lazy(system, "memory", dir, () -> mem.blocks().keySet().stream().map(i -> "memory" + i).toList(),
                name -> blockIndex(name).map(i -> mem.blocks().get(i)).map(this::blockDir).orElse(null));
        SysfsNode.Dir fixed = new SysfsNode.Dir();
        String cpuNodes = mem.initialNodes() == 1 ? "0" : "0-" + (mem.initialNodes() - 1);
        fixed.file("has_cpu", 0444, () -> cpuNodes + "\n", null);
        fixed.file("possible", 0444, () -> rangeList(nodes(mem)) + "\n", null);
        fixed.file("online", 0444, () -> rangeList(nodes(mem)) + "\n", null);
        fixed.file("has_memory", 0444, () -> rangeList(kernel.tiers().nodesWithMemory()) + "\n", null);
        // nodeN directories (and their memoryN links) are made when looked up or listed, not for every sysfs access.
        lazy(system, "node", fixed, () -> nodes(mem).stream().map(n -> "node" + n).toList(), name -> {
            Integer n = name.matches("node(0|[1-9][0-9]{0,3})") ? Integer.valueOf(name.substring(4)) : null;
            if (n == null) {
                return null;
            }
            TreeSet<Integer> nodes = nodes(mem);
            return nodes.contains(n) ? nodeDir(mem, n, nodes, tiering) : null;
        });
    }

    /** Nodes that have or had memory, and those blocks sit on. */
    static TreeSet<Integer> nodes(MemoryHotplug mem) {
        TreeSet<Integer> nodes = new TreeSet<>(mem.nodesWithMemory());
        mem.blocks().values().forEach(b -> nodes.add(b.node()));
        return nodes;
    }

    private static SysfsNode nodeDir(MemoryHotplug mem, int n, TreeSet<Integer> nodes, TieringFiles tiering) {
        SysfsNode.Dir nd = new SysfsNode.Dir(new LazyChildren(() -> mem.blocks().values().stream()
                .filter(b -> b.node() == n).map(b -> "memory" + b.index()).toList(), name -> blockIndex(name)
                .map(i -> mem.blocks().get(i)).filter(b -> b.node() == n)
                .map(b -> (SysfsNode) new SysfsNode.Link("/sys/devices/system/memory/memory" + b.index())).orElse(null)));
        tiering.addNode(nd, n, nodes);
        return nd;
    }

    /** Replaces {@code name} in {@code parent} by a directory holding {@code fixed}'s entries and lazily made others. */
    static SysfsNode.Dir lazy(SysfsNode.Dir parent, String name, SysfsNode.Dir fixed,
                                      java.util.function.Supplier<List<String>> names,
                                      java.util.function.Function<String, SysfsNode> make) {
        SysfsNode.Dir d = new SysfsNode.Dir(new LazyChildren(names, make));
        d.children().putAll(fixed.children());
        parent.children().put(name, d);
        return d;
    }

    /** The N of "memoryN" as the kernel spells it (no sign, no leading zeros), if it is one. */
    private static java.util.Optional<Long> blockIndex(String name) {
        String digits = name.startsWith("memory") ? name.substring("memory".length()) : "";
        if (!digits.matches("0|[1-9][0-9]{0,17}")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Long.parseLong(digits));
    }

    private SysfsNode blockDir(MemoryBlock b) {
        MemoryHotplug mem = kernel.memory();
        SysfsNode.Dir bd = new SysfsNode.Dir();
        bd.file("state", 0644, () -> (b.online() ? "online" : "offline") + "\n", v -> storeState(b, v));
        bd.file("online", 0644, () -> (b.online() ? "1" : "0") + "\n", v -> storeOnline(b, v));
        bd.file("phys_index", 0444, () -> String.format(Locale.ROOT, "%08x%n", b.index()).replace("\r", ""), null);
        bd.file("phys_device", 0444, () -> "0\n", null);
        bd.file("valid_zones", 0444, () -> mem.validZones(b) + "\n", null);
        bd.file("removable", 0444, () -> "1\n", null);
        bd.file("uevent", 0644, () -> "", v -> Outcome.ok());
        bd.link("node" + b.node(), "/sys/devices/system/node/node" + b.node());
        return bd;
    }

    /** A node set as the kernel prints node masks: "0-2,5". */
    static String rangeList(java.util.SortedSet<Integer> ids) {
        return dev.daxscope.model.MemoryTopology.nodeListText(ids);
    }

    private Outcome physWrite(String v, boolean soft) {
        KernelParse.Parsed p = KernelParse.kstrtoull(v, 0);
        if (!p.ok()) {
            return Outcome.fail(Errno.EINVAL, "R91", "'" + KernelParse.stripOneNewline(v) + "' is not a physical address");
        }
        return soft ? poison.softOffline(p.value()) : poison.memoryFailure(p.value(), null, 0);
    }

    /** {@code memoryN/state}: online, online_kernel, online_movable, offline; a no-op change is EINVAL. */
    private Outcome storeState(MemoryBlock b, String v) {
        String s = KernelParse.stripOneNewline(v);
        return switch (s) {
            case "online", "online_kernel", "online_movable" -> b.online()
                    ? Outcome.fail(Errno.EINVAL, "R87", "memory" + b.index() + " is already online")
                    : setOnline(b, s);
            case "offline" -> !b.online()
                    ? Outcome.fail(Errno.EINVAL, "R87", "memory" + b.index() + " is already offline")
                    : setOffline(b);
            default -> Outcome.fail(Errno.EINVAL, "R87", "'" + s + "' is not online, online_kernel, online_movable or offline");
        };
    }

    private Outcome storeOnline(MemoryBlock b, String v) {
        KernelParse.Parsed p = KernelParse.kstrtobool(v);
        if (!p.ok()) {
            return Outcome.fail(Errno.EINVAL, "R87", "'" + KernelParse.stripOneNewline(v) + "' is not 0 or 1");
        }
        if ((p.value() == 1) == b.online()) {
            return Outcome.ok();
        }
        return p.value() == 1 ? setOnline(b, "online") : setOffline(b);
    }

    private Outcome setOnline(MemoryBlock b, String how) {
        kernel.memory().online(b, how);
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    private Outcome setOffline(MemoryBlock b) {
        if (b.owner() == null) {
            return Outcome.fail(Errno.EBUSY, "R88", "memory" + b.index() + " is boot memory holding unmovable kernel data");
        }
        Outcome migrated = processes.anon().migrateForOffline(b.node());
        if (!migrated.isOk()) {
            return migrated;
        }
        b.setOnline(false, "");
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    /** {@code /proc/iomem}: boot RAM, regions, device reservations and kmem System RAM. Non-root sees zeros. */
    public String iomem(boolean withAddresses) {
        List<String[]> lines = new ArrayList<>();
        MemoryHotplug mem = kernel.memory();
        lines.add(new String[] {"0", hexPad(0), hexPad(mem.bootRam() - 1), "System RAM"});
        for (DaxRegion r : kernel.regions().values()) {
            String name = switch (r.kind()) {
                case HMEM -> "Soft Reserved";
                case PMEM -> "Persistent Memory (legacy)";
                case CXL -> "CXL Window " + r.id();
                case DYNAMIC -> "dax_region." + r.id();
            };
            lines.add(new String[] {"0", hexPad(r.start()), hexPad(r.end()), name});
            List<String[]> children = new ArrayList<>();
            for (DevDax d : r.devices().values()) {
                if (d.driver().ownsDevicePages()) {
                    for (DevDaxRange range : d.ranges()) {
                        children.add(new String[] {"1", hexPad(range.start()), hexPad(range.end()), d.name()});
                    }
                }
                List<dev.daxscope.sim.dax.PhysRange> kmemRanges = new ArrayList<>(d.hotplugged());
                kmemRanges.addAll(d.leakedKmemRanges());
                for (var k : kmemRanges) {
                    children.add(new String[] {"1", hexPad(k.start()), hexPad(k.end()), d.name(), "System RAM (kmem)"});
                }
            }
            children.sort((a, b) -> Long.compareUnsigned(Long.parseUnsignedLong(a[1], 16), Long.parseUnsignedLong(b[1], 16)));
            lines.addAll(children);
        }
        StringBuilder out = new StringBuilder();
        for (String[] l : lines) {
            String indent = l[0].equals("1") ? "  " : "";
            String s = withAddresses ? l[1] : zeros(l[1]);
            String e = withAddresses ? l[2] : zeros(l[2]);
            out.append(indent).append(s).append('-').append(e).append(" : ").append(l[3]).append('\n');
            if (l.length > 4) {
                out.append(indent).append("  ").append(s).append('-').append(e).append(" : ").append(l[4]).append('\n');
            }
        }
        return out.toString();
    }

    private static String hexPad(long v) {
        String h = Long.toHexString(v);
        return h.length() >= 8 ? h : "0".repeat(8 - h.length()) + h;
    }

    private static String zeros(String h) {
        return "0".repeat(h.length());
    }
}
