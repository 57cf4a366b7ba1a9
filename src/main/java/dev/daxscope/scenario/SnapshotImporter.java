package dev.daxscope.scenario;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.MemoryBlockInfo;
import dev.daxscope.model.MachineSnapshot.RangeInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MemoryTopology;
import dev.daxscope.model.RegionKind;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.dax.DaxRegion;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.RegionSpec;
import dev.daxscope.sim.kmem.MemoryBlock;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.kmem.MemoryTiers;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a snapshot of a real machine (read from its sysfs or a capture) into a simulated kernel
 * in the same state, so {@code sim import-sysfs} can write it out with {@link ScriptExporter}
 * and a user can try "what if" on a copy of production.
 */
public final class SnapshotImporter {
    private SnapshotImporter() {
    }

    /**
     * The kernel, with the machine's memory topology too (null: none): its CPU nodes 0..N-1 become
     * {@code memory nodes=N}, each node's HMAT figures for CPU initiators (access1) a {@code node}
     * line, and demotion and NUMA balancing settings are carried over. What the simulator cannot
     * hold (Linux's bounds, {@link MachineBounds}) is left out and said in {@code warnings}, so a
     * garbled capture cannot make the import hang or run out of memory.
     */
    public static Kernel toKernel(MachineSnapshot snap, MemoryTopology topology, KernelProfile profile,
                                  List<String> warnings) {
        long blockSize = snap.memory().blockSize();
        if (Long.bitCount(blockSize) != 1 || blockSize < MemoryHotplug.DEFAULT_BLOCK || blockSize > (2L << 30)) {
            if (blockSize != 0) {
                warnings.add("/sys/devices/system/memory/block_size_bytes: " + blockSize
                        + " is outside 128M..2G; the copy uses 128M blocks");
            }
            blockSize = MemoryHotplug.DEFAULT_BLOCK;
        }
        long bootRam = Math.min(bootRam(snap, blockSize), MachineBounds.MAX_BLOCKS / 2 * blockSize);
        long[] blocks = {bootRam / blockSize};
        String policy = MemoryHotplug.validPolicy(snap.memory().autoOnline()) ? snap.memory().autoOnline() : "offline";
        int cpuNodes = 1;
        while (topology != null && cpuNodes < MachineBounds.MAX_NUMNODES
                && topology.node(cpuNodes).map(MemoryTopology.NumaNode::hasCpu).orElse(false)) {
            cpuNodes++;
        }
        Kernel k = new Kernel(profile, new MemoryHotplug(blockSize, "offline", cpuNodes, bootRam));
        k.lock().writeLock().lock();
        try {
            if (topology != null) {
                importTiering(k, topology);
            }
            for (RegionInfo r : snap.regions()) {
                String why = unimportable(r, blockSize, blocks);
                if (why != null) {
                    warnings.add("region " + r.id() + " (" + r.path() + "): " + why + "; not imported");
                } else if (!importRegion(k, r, warnings)) {
                    warnings.add("region " + r.id() + " (" + r.path() + "): the simulator refused it; not imported");
                }
            }
            for (MemoryBlockInfo b : snap.memory().blocks()) {
                MemoryBlock sim = k.memory().blocks().get(b.index());
                if (sim != null && b.online() && !sim.online()) {
                    k.memory().online(sim, "Movable".equals(b.zone()) ? "online_movable" : "online");
                }
            }
            k.memory().setAutoOnline(policy);
        } finally {
            k.lock().writeLock().unlock();
        }
        return k;
    }

    private static void importTiering(Kernel k, MemoryTopology topology) {
        for (MemoryTopology.NumaNode n : topology.nodes()) {
            n.access(1).filter(a -> a.readLatency() >= 0 && a.writeLatency() >= 0 && a.readBandwidth() >= 0
                    && a.writeBandwidth() >= 0).ifPresent(a -> k.tiers().setPerformance(n.id(),
                    new MemoryTiers.NodePerformance(a.readLatency(), a.writeLatency(), a.readBandwidth(), a.writeBandwidth())));
        }
        MemoryTopology.TieringSettings s = topology.settings();
        k.tiers().setDemotionEnabled(Boolean.TRUE.equals(s.demotionEnabled()));
        if (s.numaBalancing() != null && s.numaBalancing() >= 0 && s.numaBalancing() <= 3) {
            k.tiers().setNumaBalancing(s.numaBalancing());
        }
        s.weightedInterleave().forEach((node, w) -> {
            if (w >= 1 && w <= 255) {
                k.tiers().setInterleaveWeight(node, w);
            }
        });
    }

    /** Boot RAM: the memory blocks from address 0 that belong to no dax range. */
    private static long bootRam(MachineSnapshot snap, long blockSize) {
        long end = 0;
        for (MemoryBlockInfo b : snap.memory().blocks()) {
            boolean dax = snap.devices().stream().flatMap(d -> d.ranges().stream())
                    .anyMatch(r -> b.start() >= r.start() && b.start() <= r.end());
            if (dax || b.start() != end) {
                break;
            }
            end = b.start() + blockSize;
        }
        return end;
    }

    /** Devices per region the copy rebuilds (ids above this are left out): real regions have a few. */
    private static final int MAX_DEVICE_ID = 1023;

    /** Why a region cannot be rebuilt within Linux's bounds, or null; counts its memory blocks into {@code blocks}. */
    private static String unimportable(RegionInfo r, long blockSize, long[] blocks) {
        long limit = 1L << MachineBounds.MAX_PHYSMEM_BITS;
        if (r.size() <= 0 || r.start() < 0 || r.start() >= limit || r.size() > limit - r.start()) {
            return "[" + Long.toHexString(r.start()) + ", +" + r.size() + ") is not a range of physical addresses";
        }
        blocks[0] += (r.size() + blockSize - 1) / blockSize;
        if (blocks[0] > MachineBounds.MAX_BLOCKS) {
            return "it would make more than " + MachineBounds.MAX_BLOCKS + " memory blocks";
        }
        return null;
    }

    /** Rebuilds one region; false when the simulator refused to create it. */
    private static boolean importRegion(Kernel k, RegionInfo r, List<String> warnings) {
        RegionKind kind = r.kind();
        long start = r.start();
        k.createRegion(new RegionSpec("R" + r.id(), kind, start, r.size(),
                Math.max(4096, r.align()), r.id(), r.devices().stream().map(DeviceInfo::targetNode)
                .filter(java.util.Objects::nonNull).findFirst().orElse(-1), null,
                kind == RegionKind.HMEM && r.devices().stream().allMatch(d -> d.size() == 0), pathOrNull(r.path())));
        DaxRegion region = k.regions().get(r.id());
        if (region == null) {
            return false;
        }
        for (DevDax d : new ArrayList<>(region.devices().values())) {
            if (d.isBound()) {
                k.bus().detach(d);
            }
        }
        for (DeviceInfo info : r.devices()) {
            if (info.id() > MAX_DEVICE_ID) {
                warnings.add(info.name() + ": device ids above " + MAX_DEVICE_ID + " are not imported");
            }
        }
        int maxId = r.devices().stream().mapToInt(DeviceInfo::id).filter(id -> id <= MAX_DEVICE_ID).max().orElse(0);
        for (int id = region.devices().isEmpty() ? 0 : region.devices().lastKey() + 1; id <= maxId; id++) {
            int got = region.allocateDeviceId();
            region.devices().put(got, new DevDax(region, got, k.state().allocateMinor(), region.align(), region.targetNode(), 0, false));
        }
        for (DevDax d : new ArrayList<>(region.devices().values())) {
            DeviceInfo info = r.devices().stream().filter(x -> x.id() == d.id()).findFirst().orElse(null);
            while (!d.ranges().isEmpty()) {
                d.removeLastRange();
            }
            if (info == null) {
                if (d.id() != 0) {
                    region.devices().remove(d.id());
                    region.freeDeviceId(d.id());
                }
                continue;
            }
            d.setAlign(info.align() > 0 ? info.align() : region.align());
            d.setMemmapOnMemory(info.memmapOnMemory());
            List<RangeInfo> ranges = new ArrayList<>(info.ranges());
            ranges.sort(java.util.Comparator.comparingLong(RangeInfo::pgoff));
            if (ranges.stream().allMatch(x -> x.start() >= r.start() && x.start() <= x.end() && x.end() - r.start() < r.size())) {
                ranges.forEach(x -> d.appendRange(x.start(), x.end()));
            } else {
                warnings.add(info.name() + ": a range lies outside region " + r.id() + "; imported without ranges");
            }
        }
        for (DeviceInfo info : r.devices()) {
            DevDax d = region.devices().get(info.id());
            DriverKind driver = info.driver();
            if (d != null && driver.bound() && d.size() > 0) {
                if (!k.bus().registered().contains(driver)) {
                    warnings.add(info.name() + ": bound to " + info.driver() + ", a driver the chosen kernel does not have; imported unbound");
                    continue;
                }
                if (!k.bus().matches(d, driver)) {
                    k.bus().newIds(driver).add(d.name());
                }
                k.bus().probe(d, driver);
            }
        }
        k.bumpGeneration();
        return true;
    }

    private static String pathOrNull(String path) {
        return path == null || path.isEmpty() ? null : path;
    }
}
