package dev.daxscope.scenario;

import static dev.daxscope.model.PageSizes.PAGE_SHIFT;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.RegionKind;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.dax.DaxRegion;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.DevDaxRange;
import dev.daxscope.sim.dax.FolioTable;
import dev.daxscope.sim.kmem.MemoryBlock;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.mm.AnonymousMemory;
import dev.daxscope.sim.mm.EntryTable;
import dev.daxscope.sim.mm.GupHandle;
import dev.daxscope.sim.mm.OpenFile;
import dev.daxscope.sim.mm.SimProcess;
import dev.daxscope.sim.mm.Vma;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@code .dax} script that rebuilds the current simulated machine: memory, regions,
 * devices with their ranges placed by {@code mapping} writes in page-offset order, aligns,
 * drivers, memory-block states, new_id lists, processes with their mappings and present entries
 * (runs of entries become {@code touch} lines), GUP handles and exited processes.
 *
 * <p>Limits, stated in the script's header: ranges shorter than max(align, 2M) (possible after
 * R29 fills a small gap) cannot be written through {@code mapping}; seed/youngest follow the
 * replay's create order; folio poison and counts held by GUP are re-created, other history is not.
 */
public final class ScriptExporter {

    private final Kernel kernel;
    private final StringBuilder out = new StringBuilder();
    private final Set<String> used = new HashSet<>();

    private ScriptExporter(Kernel kernel) {
        this.kernel = kernel;
        used.addAll(Syntax.KEYWORDS);
    }

    public static String export(Kernel kernel) {
        kernel.lock().readLock().lock();
        try {
            return new ScriptExporter(kernel).build();
        } finally {
            kernel.lock().readLock().unlock();
        }
    }

    private String fresh(String wanted, String fallback) {
        String n = wanted != null && Names.isName(wanted) && !used.contains(wanted) ? wanted : fallback;
        String base = n;
        int i = 2;
        while (used.contains(n)) {
            n = base + "_" + i++;
        }
        used.add(n);
        return n;
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private String build() {
        line("# Rebuilds a simulated machine saved by daxscope (sim export-script).");
        line("# Limits: ranges shorter than max(align, 2M) cannot be replayed through 'mapping'; seed and");
        line("# youngest follow this script's create order; only present entries and GUP handles are restored.");
        line("kernel " + kernel.profile().version());
        MemoryHotplug m = kernel.memory();
        line("memory block=" + ScenarioRunner.sizeText(m.blockSize()) + " auto_online=offline nodes=" + m.initialNodes()
                + " ram=" + ScenarioRunner.sizeText(m.bootRam()));
        kernel.tiers().performances().forEach((node, p) -> line("node " + node + " read_latency=" + p.readLatency()
                + " write_latency=" + p.writeLatency() + " read_bandwidth=" + p.readBandwidth()
                + " write_bandwidth=" + p.writeBandwidth()));
        for (DaxRegion r : kernel.regions().values()) {
            region(r);
        }
        List<DevDax> devices = kernel.devices();
        devices.forEach(this::leakedKmemMemory);
        List<DevDax> temporary = new ArrayList<>();
        for (DevDax d : devices) {
            boolean mapped = kernel.processes().values().stream().anyMatch(p -> p.alive()
                    && java.util.Arrays.stream(p.vmas()).anyMatch(v -> v.device() == d));
            if (mapped && d.driver() != DriverKind.DEVICE_DAX && d.size() > 0 && !d.region().isStatic()) {
                line("bind " + d.name() + " device_dax  # mapped by a process; unbound again below");
                temporary.add(d);
            }
        }
        devices.forEach(this::finalBinding);
        memoryBlocks();
        for (SimProcess p : kernel.processes().values()) {
            process(p);
        }
        for (DevDax d : temporary) {
            line("unbind " + d.name() + " device_dax");
        }
        for (DevDax d : devices) {
            if (d.region().isStatic() && d.driver() == DriverKind.NONE) {
                line("unbind " + d.name());
            }
        }
        for (DriverKind d : kernel.bus().registered()) {
            for (String id : kernel.bus().newIds(d)) {
                if (!emittedNewIds.contains(d.sysfsName() + "/" + id)) {
                    line("write /sys/bus/dax/drivers/" + d.sysfsName() + "/new_id " + id);
                }
            }
        }
        if (!m.autoOnline().equals("offline")) {
            line("write /sys/devices/system/memory/auto_online_blocks " + m.autoOnline());
        }
        tieringSettings();
        return out.toString();
    }

    private final Set<String> emittedNewIds = new HashSet<>();

    /** Demotion, NUMA balancing and interleave weights that differ from the boot defaults. */
    private void tieringSettings() {
        var t = kernel.tiers();
        if (t.demotionEnabled()) {
            line("write /sys/kernel/mm/numa/demotion_enabled true");
        }
        if (t.numaBalancing() != 0) {
            line("write /proc/sys/kernel/numa_balancing " + t.numaBalancing());
        }
        for (int node : t.nodesWithMemory()) {
            if (t.interleaveWeight(node) != 1 && kernel.profile() != dev.daxscope.model.KernelProfile.V6_1) {
                line("write /sys/kernel/mm/mempolicy/weighted_interleave/node" + node + " " + t.interleaveWeight(node));
            }
        }
    }

    /** R88: memory a kmem unbind could not remove stays online; replay it by binding, onlining, unbinding. */
    private void leakedKmemMemory(DevDax d) {
        if (d.leakedKmemRanges().isEmpty() || d.size() == 0) {
            return;
        }
        bindTo(d, DriverKind.KMEM);
        for (var r : d.leakedKmemRanges()) {
            for (long b = r.start() / kernel.memory().blockSize(); b <= r.end() / kernel.memory().blockSize(); b++) {
                MemoryBlock blk = kernel.memory().blocks().get(b);
                if (blk != null && blk.online()) {
                    line("write /sys/devices/system/memory/memory" + b + "/state "
                            + ("Movable".equals(blk.zone()) ? "online_movable" : "online"));
                }
            }
        }
        line("unbind " + d.name() + " kmem  # memory stays online (R88)");
    }

    /** Binds through new_id when the region defaults to the other driver (R39), else with bind. */
    private void bindTo(DevDax d, DriverKind driver) {
        DriverKind dflt = d.region().kmemDefault() ? DriverKind.KMEM : DriverKind.DEVICE_DAX;
        if (driver == dflt) {
            line("bind " + d.name() + " " + driver.sysfsName());
        } else if (emittedNewIds.add(driver.sysfsName() + "/" + d.name())) {
            line("write /sys/bus/dax/drivers/" + driver.sysfsName() + "/new_id " + d.name());
        } else {
            line("bind " + d.name() + " " + driver.sysfsName());
        }
    }

    private void finalBinding(DevDax d) {
        if (!d.isBound()) {
            return;
        }
        if (d.region().isStatic()) {
            if (d.driver() != DriverKind.DEVICE_DAX) {
                line("unbind " + d.name() + " device_dax");
                bindTo(d, d.driver());
            }
            return;
        }
        bindTo(d, d.driver());
    }

    private void region(DaxRegion r) {
        String name = fresh(r.alias(), "R" + r.id());
        StringBuilder s = new StringBuilder("region " + name + " " + r.kind().keyword() + " start=" + hex(r.start())
                + " size=" + ScenarioRunner.sizeText(r.size()) + " align=" + ScenarioRunner.sizeText(r.align()) + " id="
                + r.id() + " target_node=" + r.targetNode());
        DevDax first = r.devices().isEmpty() ? null : r.devices().firstEntry().getValue();
        if (first != null && first.numaNode() != 0) {
            s.append(" numa_node=").append(first.numaNode());
        }
        boolean idleHmem = r.kind() == RegionKind.HMEM && !r.kmemDefault()
                && kernel.profile().hmemBindsKmem();
        if (idleHmem) {
            s.append(" idle");
        }
        s.append(" parent=").append(r.parentPath());
        line(s.toString());
        String regionDir = "@" + name;
        if (r.isStatic()) {
            return;
        }
        int maxId = r.devices().isEmpty() ? 0 : r.devices().lastKey();
        // The provider's device comes up with the whole region (and may auto-bind): empty it first,
        // so the creates below find space, then place every range with 'mapping' writes.
        DriverKind providerDriver = replayProviderDriver(r, idleHmem);
        if (providerDriver != null) {
            line("unbind dax" + r.id() + ".0 " + providerDriver + "  # the provider bound it; re-laid out below");
        }
        boolean providerSized = r.kind() != RegionKind.DYNAMIC && !idleHmem;
        if (providerSized) {
            line("write /sys/bus/dax/devices/dax" + r.id() + ".0/size 0");
        }
        for (int id = 1; id <= maxId; id++) {
            line("write " + regionDir + "/create 1");
        }
        for (int id = 1; id <= maxId; id++) {
            if (!r.devices().containsKey(id)) {
                line("write " + regionDir + "/delete dax" + r.id() + "." + id);
            }
        }
        for (DevDax d : r.devices().values()) {
            String dev = "/sys/bus/dax/devices/" + d.name();
            line("write " + dev + "/align " + d.align());
            for (DevDaxRange range : d.ranges()) {
                line("write " + dev + "/mapping " + hex(range.start()) + "-" + hex(range.end()));
            }
            if (d.memmapOnMemory() != (r.kind() == RegionKind.CXL && d.id() == 0)) {
                line("write " + dev + "/memmap_on_memory " + (d.memmapOnMemory() ? 1 : 0));
            }
        }
    }

    /** The driver the replayed region line binds its provider device to, or null when it stays unbound. */
    private DriverKind replayProviderDriver(DaxRegion r, boolean idleHmem) {
        DriverKind driver = switch (r.kind()) {
            case CXL -> DriverKind.KMEM;
            case HMEM -> idleHmem ? null : r.kmemDefault() ? DriverKind.KMEM : DriverKind.DEVICE_DAX;
            default -> null;
        };
        if (driver == null || kernel.memory().overlapsBootRam(r.start(), r.end())) {
            return null;
        }
        if (driver == DriverKind.KMEM) {
            // The auto-probe fails (R84) without a target node or a whole memory block in the range.
            long block = kernel.memory().blockSize();
            long first = (r.start() + block - 1) / block * block;
            long last = (r.end() + 1) / block * block - 1;
            return r.targetNode() >= 0 && last > first ? driver : null;
        }
        return r.start() % (2L << 20) == 0 ? driver : null;
    }

    private void memoryBlocks() {
        for (MemoryBlock b : kernel.memory().blocks().values()) {
            if (b.owner() != null && b.online() && kernel.device(b.owner()).map(DevDax::leakedKmemRanges)
                    .map(l -> l.stream().noneMatch(r -> r.overlaps(b.index() * kernel.memory().blockSize(),
                            b.index() * kernel.memory().blockSize()))).orElse(true)) {
                line("write /sys/devices/system/memory/memory" + b.index() + "/state "
                        + ("Movable".equals(b.zone()) ? "online_movable" : "online"));
            }
        }
    }

    private void process(SimProcess p) {
        String name = fresh(p.name(), "P" + p.pid());
        line("spawn " + name);
        if (!p.alive()) {
            line(name + " exit");
            return;
        }
        Map<OpenFile, String> fds = new java.util.LinkedHashMap<>();
        for (OpenFile f : p.filesNow()) {
            if (!fds.containsKey(f)) {
                String fd = fresh(null, name + "_F" + (fds.size() + 1));
                fds.put(f, fd);
                line(name + " open /dev/" + f.device().name() + (f.writable() ? " rw" : " ro") + " as " + fd);
            }
        }
        int n = 0;
        for (Vma v : p.vmas()) {
            String fd = fds.computeIfAbsent(v.file(), f -> {
                String x = fresh(null, name + "_F" + (fds.size() + 1));
                line(name + " open /dev/" + f.device().name() + (f.writable() ? " rw" : " ro") + " as " + x);
                return x;
            });
            String a = fresh(null, name + "_A" + (++n));
            DevDax dev = v.device();
            if (!kernel.devices().contains(dev) || v.start() % dev.align() != 0 || v.end() % dev.align() != 0) {
                line("# cannot replay: " + name + "'s mapping " + hex(v.start()) + "-" + hex(v.end()) + " of " + dev.name()
                        + " went stale (device deleted or re-aligned since)");
                continue;
            }
            line(name + " mmap " + fd + " len=" + hex(v.length()) + " off=" + hex(v.pgoff() << PAGE_SHIFT) + (v.writable() ? " rw" : " ro")
                    + " at=" + hex(v.start()) + " as " + a);
            if (v.noHugepage()) {
                line(name + " madvise " + a + " len=" + hex(v.length()) + " nohugepage");
            }
            entries(name, a, v);
        }
        for (GupHandle h : p.handlesNow()) {
            List<String> lines = handleLines(name, p, h);
            lines.forEach(this::line);
        }
        allocations(name, p);
        if (p.mceKill() != null && !p.mceKill().equals("default")) {
            line(name + " prctl mce-kill " + p.mceKill());
        }
    }

    /** Anonymous memory bound to a node ({@code alloc}); pages migrated off it by an offline come back on the bound node. */
    private void allocations(String name, SimProcess p) {
        for (AnonymousMemory.Bound a : kernel.anon().allocations(p)) {
            if (a.shared()) {
                line("# cannot replay: " + name + " shares " + hex(a.bytes()) + " bytes of node " + a.node()
                        + " with a fork parent or child (fork is not replayed)");
                continue;
            }
            if (!a.pagesPerNode().keySet().equals(java.util.Set.of(a.node()))) {
                line("# cannot replay exactly: " + name + "'s pages were migrated off node " + a.node() + " (" + a.pagesPerNode()
                        + " pages per node); replayed on node " + a.node());
            }
            line(name + " alloc len=" + hex(a.bytes()) + " node=" + a.node());
        }
    }

    /** Present entries as touch runs: one line per run of consecutive slots with the same dirtiness. */
    private void entries(String proc, String addrName, Vma v) {
        for (int shift : new int[] {Vma.PUD_SHIFT, Vma.PMD_SHIFT, Vma.PTE_SHIFT}) {
            EntryTable t = v.table(shift);
            long[] run = {-1, -1, 0};
            t.forEach(0, t.slots(), (slot, e) -> {
                long dirty = (e & EntryTable.DIRTY) != 0 ? 1 : 0;
                if (run[0] >= 0 && slot == run[1] + 1 && dirty == run[2]) {
                    run[1] = slot;
                    return;
                }
                flushRun(proc, addrName, shift, run);
                run[0] = slot;
                run[1] = slot;
                run[2] = dirty;
            });
            flushRun(proc, addrName, shift, run);
        }
    }

    private void flushRun(String proc, String addrName, int shift, long[] run) {
        if (run[0] < 0) {
            return;
        }
        long size = 1L << shift;
        line(proc + " touch " + addrName + "+" + hex(run[0] * size) + " len=" + hex((run[1] - run[0] + 1) * size) + " step="
                + hex(size) + (run[2] == 1 ? " write" : " read"));
        run[0] = -1;
    }

    private List<String> handleLines(String proc, SimProcess p, GupHandle h) {
        List<String> lines = new ArrayList<>();
        for (GupHandle.Grab g : h.grabs()) {
            g.forEachFolio(folio -> handleLine(proc, p, h.pin(), g.folios(), folio).ifPresent(lines::add));
        }
        return lines;
    }

    /** A 4K pin or get of the folio, at the first mapping of it. */
    private java.util.Optional<String> handleLine(String proc, SimProcess p, boolean pin, FolioTable f, long folio) {
        for (Vma v : p.vmas()) {
            DevDax d = v.device();
            if (d.folios() != f) {
                continue;
            }
            long folioPg = folio * (d.align() >>> PAGE_SHIFT);
            long first = v.pgoff();
            long last = first + (v.length() >>> PAGE_SHIFT);
            if (folioPg >= first && folioPg < last) {
                String hname = fresh(null, proc + "_H");
                return java.util.Optional.of(proc + " " + (pin ? "pin" : "get") + " " + hex(v.start() + ((folioPg - first) << PAGE_SHIFT))
                        + " len=4K as " + hname);
            }
        }
        return java.util.Optional.empty();
    }
}
