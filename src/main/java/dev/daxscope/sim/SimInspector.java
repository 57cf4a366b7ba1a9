package dev.daxscope.sim;

import static dev.daxscope.model.PageSizes.PAGE_SHIFT;

import dev.daxscope.model.FolioInfo;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.MemoryBlockInfo;
import dev.daxscope.model.MachineSnapshot.ProcessInfo;
import dev.daxscope.model.MachineSnapshot.RangeInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
import dev.daxscope.model.MachineSnapshot.VmaInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.PageSizes;
import dev.daxscope.sim.dax.DaxRegion;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.DevDaxRange;
import dev.daxscope.sim.dax.FolioTable;
import dev.daxscope.sim.kmem.MemoryBlock;
import dev.daxscope.sim.lib.KernelParse;
import dev.daxscope.sim.mm.EntryTable;
import dev.daxscope.sim.mm.MemoryManager;
import dev.daxscope.sim.mm.SimProcess;
import dev.daxscope.sim.mm.Vma;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only views of the simulated kernel: consistent snapshots (taken under the read lock),
 * single folios with their mappers, and the invariant checker of R67/R75.
 */
public final class SimInspector {
    private final Kernel kernel;

    public SimInspector(Kernel kernel) {
        this.kernel = kernel;
    }

    public MachineSnapshot snapshot(String source) {
        kernel.lock().readLock().lock();
        try {
            List<RegionInfo> regions = new ArrayList<>();
            for (DaxRegion r : kernel.regions().values()) {
                List<DeviceInfo> devs = new ArrayList<>();
                for (DevDax d : r.devices().values()) {
                    devs.add(device(d));
                }
                regions.add(new RegionInfo(r.id(), r.alias(), r.kind(), r.parentPath(), r.start(), r.size(),
                        r.align(), r.targetNode(), r.isStatic(), r.kmemDefault(), r.isStatic() ? null : r.availableSize(),
                        r.seed() == null ? "" : r.seed().name(), r.youngest() == null ? "" : r.youngest().name(), devs));
            }
            List<MemoryBlockInfo> blocks = new ArrayList<>();
            long bs = kernel.memory().blockSize();
            for (MemoryBlock b : kernel.memory().blocks().values()) {
                blocks.add(new MemoryBlockInfo(b.index(), b.index() * bs, b.online(), b.zone(), b.node(), b.owner()));
            }
            List<ProcessInfo> procs = new ArrayList<>();
            for (SimProcess p : kernel.processes().values()) {
                List<VmaInfo> vmas = new ArrayList<>();
                for (Vma v : p.vmas()) {
                    long[] c = MemoryManager.entryCounts(v);
                    vmas.add(new VmaInfo(v.start(), v.end(), v.pgoff(), v.device().name(), v.writable(), v.noHugepage(),
                            c[0], c[1], c[2], -1));
                }
                procs.add(new ProcessInfo(p.pid(), p.name(), p.alive(), p.rssFile(), vmas));
            }
            List<String> warnings;
            synchronized (kernel.warnings()) {
                warnings = List.copyOf(kernel.warnings());
            }
            return new MachineSnapshot(source, kernel.profile(), kernel.generation(), regions,
                    new MachineSnapshot.MemoryInfo(bs, kernel.memory().autoOnline(), blocks, nodes(blocks, bs)), procs,
                    warnings, kernel.regions().values().stream().flatMap(r -> dev.daxscope.sim.dax.CxlRegions.of(r).stream())
                    .toList(), dev.daxscope.model.IomemRange.daxRanges(kernel.sysfs().iomem(kernel.isRoot())));
        } finally {
            kernel.lock().readLock().unlock();
        }
    }

    private DeviceInfo device(DevDax d) {
        List<RangeInfo> ranges = new ArrayList<>();
        for (DevDaxRange r : d.ranges()) {
            ranges.add(new RangeInfo(r.mappingId(), r.start(), r.end(), r.pgoff()));
        }
        int online = 0;
        int total = 0;
        boolean movable = true;
        for (MemoryBlock b : kernel.memory().blocks().values()) {
            if (d.name().equals(b.owner())) {
                total++;
                if (b.online()) {
                    online++;
                    movable &= "Movable".equals(b.zone());
                } else {
                    movable = false;
                }
            }
        }
        FolioTable f = d.folios();
        return new DeviceInfo(d.name(), d.region().id(), d.id(), d.size(), d.align(),
                d.region().targetNode() >= 0 ? d.targetNode() : null, d.numaNode(), d.memmapOnMemory(),
                d.driver(), ranges, d.minor(), d.alive(), d.inconsistent(), d.resource(), online, total,
                total > 0 && movable, f == null ? 0 : f.folioCount(), f == null ? 0 : f.mappedFolios(),
                kernel.poison().poisonedLines(d));
    }

    /**
     * The nodes the simulated sysfs lists: the boot nodes (with CPUs) and every node memory was
     * added to; MemTotal is the online memory on it (the simulator reserves nothing).
     */
    private List<MachineSnapshot.NodeInfo> nodes(List<MachineSnapshot.MemoryBlockInfo> blocks, long blockSize) {
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>(kernel.memory().nodesWithMemory());
        blocks.forEach(b -> ids.add(b.node()));
        return ids.stream().map(n -> new MachineSnapshot.NodeInfo(n, n < kernel.memory().initialNodes(),
                blocks.stream().filter(b -> b.node() == n && b.online()).count() * blockSize)).toList();
    }

    /** The folio of {@code dev} containing device page offset {@code pgoff}; empty when it has no struct page. */
    public Optional<FolioInfo> folio(String device, long pgoff) {
        DevDax d = kernel.device(device).orElse(null);
        if (d == null || d.folios() == null || pgoff < 0 || pgoff >= d.size() >>> PAGE_SHIFT) {
            return Optional.empty();
        }
        return Optional.of(folioInfo(d, d.folioOfPgoff(pgoff)));
    }

    /** The folio containing physical address {@code phys}. */
    public Optional<FolioInfo> folioAtPhys(long phys) {
        for (DevDax d : kernel.devices()) {
            long pg = d.physToPgoff(phys);
            if (pg >= 0) {
                return folio(d.name(), pg);
            }
        }
        return Optional.empty();
    }

    public FolioInfo folioInfo(DevDax d, long folio) {
        FolioTable f = d.folios();
        long folioPages = d.align() >>> PAGE_SHIFT;
        long pgoff = folio * folioPages;
        long pfn = d.pgoffToPhys(pgoff, 4096) >>> PAGE_SHIFT;
        List<FolioInfo.Mapper> mappers = new ArrayList<>();
        // Device-DAX maps linearly, so only the slots over the folio's own device bytes can map it:
        // visiting just those keeps a hover cheap on a 1 TiB mapping with millions of entries.
        long folioStart = folio * d.align();
        for (SimProcess p : kernel.processes().values()) {
            for (Vma v : p.vmas()) {
                long mapsFrom = v.pgoff() << PAGE_SHIFT;
                long a = Math.max(folioStart, mapsFrom);
                long b = Math.min(folioStart + d.align(), mapsFrom + v.length());
                if (v.device() != d || a >= b) {
                    continue;
                }
                for (int shift : new int[] {Vma.PTE_SHIFT, Vma.PMD_SHIFT, Vma.PUD_SHIFT}) {
                    int s = shift;
                    EntryTable t = v.table(shift);
                    t.forEach((a - mapsFrom) >> shift, ((b - 1 - mapsFrom) >> shift) + 1, (slot, e) -> {
                        if ((e & EntryTable.FOLIO_MASK) - 1 == folio) {
                            mappers.add(new FolioInfo.Mapper(p.pid(), p.name(), v.start() + (slot << s),
                                    s == 12 ? "PTE" : s == 21 ? "PMD" : "PUD"));
                        }
                    });
                }
            }
        }
        byte flags = f.flags(folio);
        return new FolioInfo(d.name(), folio, pfn, pgoff, f.order(), f.refcount(folio), f.mapcount(folio),
                f.pinnedPages(folio), (flags & FolioTable.FLAG_MAPPING_SET) != 0, f.index(folio),
                (flags & FolioTable.FLAG_HWPOISON) != 0, mappers);
    }

    /**
     * The present entries of process {@code pid}'s mapping starting at {@code vmaStart}, in address
     * order, at most {@code max}; empty when there is no such mapping.
     */
    public List<MachineSnapshot.EntryInfo> entries(int pid, long vmaStart, int max) {
        kernel.lock().readLock().lock();
        try {
            SimProcess p = kernel.processes().get(pid);
            Vma v = p == null ? null : java.util.Arrays.stream(p.vmas()).filter(x -> x.start() == vmaStart).findFirst()
                    .orElse(null);
            if (v == null) {
                return List.of();
            }
            List<MachineSnapshot.EntryInfo> out = new ArrayList<>();
            for (int shift : new int[] {Vma.PTE_SHIFT, Vma.PMD_SHIFT, Vma.PUD_SHIFT}) {
                for (long[] se : v.table(shift).first(0, max)) {
                    long address = v.start() + (se[0] << shift);
                    long pgoff = v.pgoffOf(address);
                    long e = se[1];
                    out.add(new MachineSnapshot.EntryInfo(address, shift == 12 ? "PTE" : shift == 21 ? "PMD" : "PUD", pgoff,
                            v.device().folioOfPgoff(pgoff), (e & EntryTable.WRITABLE) != 0, (e & EntryTable.DIRTY) != 0));
                }
            }
            out.sort(java.util.Comparator.comparingLong(MachineSnapshot.EntryInfo::address));
            return out.size() > max ? List.copyOf(out.subList(0, max)) : out;
        } finally {
            kernel.lock().readLock().unlock();
        }
    }

    /**
     * R67 with R75: for every folio, refcount = 1 + mapcount + GUP references and mapcount = the
     * entries that map it (counted afresh from every page table); plus structural invariants of
     * regions and devices. Returns the first violation, or empty.
     */
    public Optional<String> checkInvariants() {
        kernel.lock().readLock().lock();
        try {
            Optional<String> structural = checkStructure();
            if (structural.isPresent()) {
                return structural;
            }
            boolean counted = kernel.profile().refcountPerMapping();
            for (DevDax d : kernel.devices()) {
                FolioTable f = d.folios();
                if (f == null) {
                    continue;
                }
                Map<Long, long[]> expected = new HashMap<>();
                for (SimProcess p : kernel.processes().values()) {
                    for (Vma v : p.vmas()) {
                        if (v.device() != d) {
                            continue;
                        }
                        for (int shift : new int[] {Vma.PTE_SHIFT, Vma.PMD_SHIFT, Vma.PUD_SHIFT}) {
                            EntryTable t = v.table(shift);
                            long[] walked = {0};
                            t.forEach(0, t.slots(), (slot, e) -> {
                                walked[0]++;
                                long folio = (e & EntryTable.FOLIO_MASK) - 1;
                                long[] x = expected.computeIfAbsent(folio, k -> new long[2]);
                                if (counted) {
                                    x[0]++;
                                }
                            });
                            if (walked[0] != t.presentEntries()) {
                                return Optional.of("process " + p.pid() + " at " + KernelParse.hex(v.start()) + ": "
                                        + t.presentEntries() + " entries counted at level shift " + shift + " but "
                                        + walked[0] + " in the table");
                            }
                        }
                    }
                    p.handlesNow().forEach(h -> h.grabs().stream().filter(g -> g.folios() == f)
                            .forEach(g -> g.forEachFolio(folio -> expected.computeIfAbsent(folio, k -> new long[2])[1]
                                    += g.refs())));
                }
                List<String> bad = new ArrayList<>();
                f.forEachActive(folio -> expected.computeIfAbsent(folio, k -> new long[2]));
                for (Map.Entry<Long, long[]> e : expected.entrySet()) {
                    long folio = e.getKey();
                    long map = e.getValue()[0];
                    long ref = 1 + map + e.getValue()[1];
                    if (f.mapcount(folio) != map || f.refcount(folio) != ref) {
                        bad.add(d.name() + " folio " + folio + " (pgoff " + KernelParse.hex(folio * (d.align() >>> PAGE_SHIFT))
                                + "): ref=" + f.refcount(folio) + " map=" + f.mapcount(folio) + " but the page tables and "
                                + "GUP handles give ref=" + ref + " map=" + map + " (R67)");
                    }
                }
                if (!bad.isEmpty()) {
                    bad.sort(null);
                    return Optional.of(bad.get(0));
                }
            }
            long rssViolation = checkRss();
            if (rssViolation >= 0) {
                return Optional.of("process " + rssViolation + ": RssFile does not equal the sum of its entries (R59-R61)");
            }
            return Optional.empty();
        } finally {
            kernel.lock().readLock().unlock();
        }
    }

    private long checkRss() {
        if (!kernel.profile().refcountPerMapping()) {
            return -1;
        }
        for (SimProcess p : kernel.processes().values()) {
            long sum = 0;
            for (Vma v : p.vmas()) {
                long[] c = MemoryManager.entryCounts(v);
                sum += (c[0] << PAGE_SHIFT) + (c[1] << PageSizes.PMD_SHIFT) + (c[2] << PageSizes.PUD_SHIFT);
            }
            if (sum != p.rssFile()) {
                return p.pid();
            }
        }
        return -1;
    }

    private Optional<String> checkStructure() {
        for (DaxRegion r : kernel.regions().values()) {
            long used = 0;
            List<DaxRegion.Child> children = r.children();
            for (int i = 0; i < children.size(); i++) {
                DevDaxRange c = children.get(i).range();
                used += c.length();
                if (c.start() < r.start() || c.end() > r.end()) {
                    return Optional.of("region " + r.id() + ": range " + KernelParse.hex(c.start()) + " lies outside it");
                }
                if (i > 0 && children.get(i - 1).range().end() >= c.start()) {
                    return Optional.of("region " + r.id() + ": ranges overlap at " + KernelParse.hex(c.start()));
                }
            }
            if (r.availableSize() != r.size() - used) {
                return Optional.of("region " + r.id() + ": available_size != size - allocated (R5)");
            }
            for (DevDax d : r.devices().values()) {
                long pg = 0;
                java.util.Set<Integer> ids = new java.util.HashSet<>();
                for (DevDaxRange range : d.ranges()) {
                    if (range.pgoff() != pg) {
                        return Optional.of(d.name() + ": range pgoffs are not contiguous (R9)");
                    }
                    if (!ids.add(range.mappingId())) {
                        return Optional.of(d.name() + ": mapping id " + range.mappingId() + " is used twice (R10)");
                    }
                    pg += range.pages();
                }
                if (d.alive() != d.driver().ownsDevicePages()) {
                    return Optional.of(d.name() + ": alive must mean bound to device_dax or fsdev_dax (R14, R101)");
                }
            }
        }
        return Optional.empty();
    }
}
