package dev.daxscope.sim.sysfs;

import dev.daxscope.model.Errno;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.MemoryTopology;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.kmem.MemoryTiers.NodePerformance;
import dev.daxscope.sim.kmem.MemoryTiers;
import dev.daxscope.sim.lib.KernelParse;
import dev.daxscope.sim.state.KernelState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * The simulated memory-tiering files: {@code /sys/devices/virtual/memory_tiering/memory_tierN/nodelist},
 * per node {@code meminfo}, {@code vmstat}, {@code distance} and the HMAT access classes,
 * {@code /sys/kernel/mm/numa/demotion_enabled}, {@code /sys/kernel/mm/mempolicy/weighted_interleave}
 * (6.9 and later) and {@code /proc/sys/kernel/numa_balancing}. Texts are computed when read.
 */
final class TieringFiles {
    private static final int LOCAL_DISTANCE = 10;
    private static final int REMOTE_DISTANCE = 20;

    private final KernelState kernel;
    private final MemoryTiers tiers;
    private final MemoryHotplug memory;
    private final dev.daxscope.sim.mm.AnonymousMemory anon;

    TieringFiles(KernelState kernel, dev.daxscope.sim.mm.AnonymousMemory anon) {
        this.kernel = kernel;
        this.anon = anon;
        this.tiers = kernel.tiers();
        this.memory = kernel.memory();
    }

    void addTo(SysfsNode.Dir root) {
        SysfsNode.Dir sys = root.dir("sys");
        // Tiers and per-node files are made when looked up or listed: a build costs nothing per node or block.
        Sysfs.lazy(sys.dir("devices").dir("virtual"), "memory_tiering", new SysfsNode.Dir(),
                () -> tiers.tiers().keySet().stream().map(id -> "memory_tier" + id).toList(),
                name -> numberAfter("memory_tier", name).filter(id -> tiers.tiers().containsKey(id)).map(this::tierDir)
                        .orElse(null));
        SysfsNode.Dir mm = sys.dir("kernel").dir("mm");
        mm.dir("numa").file("demotion_enabled", 0644, () -> tiers.demotionEnabled() + "\n", v -> {
            KernelParse.Parsed p = KernelParse.kstrtobool(v);
            if (!p.ok()) {
                return Outcome.fail(Errno.EINVAL, "", "'" + KernelParse.stripOneNewline(v) + "' is not a boolean");
            }
            tiers.setDemotionEnabled(p.value() == 1);
            kernel.bumpGeneration();
            return Outcome.ok();
        });
        if (kernel.profile() != KernelProfile.V6_1) {
            Sysfs.lazy(mm.dir("mempolicy"), "weighted_interleave", new SysfsNode.Dir(),
                    () -> Sysfs.nodes(memory).stream().map(n -> "node" + n).toList(),
                    name -> numberAfter("node", name).filter(n -> Sysfs.nodes(memory).contains(n))
                            .map(n -> (SysfsNode) new SysfsNode.File(0644, () -> tiers.interleaveWeight(n) + "\n",
                                    v -> storeWeight(n, v))).orElse(null));
        }
        root.dir("proc").file("vmstat", 0444, () -> vmstat() + "pgmigrate_success 0\npgmigrate_fail 0\n", null);
        root.dir("proc").dir("sys").dir("kernel").file("numa_balancing", 0644, () -> tiers.numaBalancing() + "\n", v -> {
            KernelParse.Parsed p = KernelParse.kstrtoll(v);
            if (!p.ok() || p.value() < 0 || p.value() > 3) {
                return Outcome.fail(Errno.EINVAL, "", "numa_balancing takes 0 (off), 1 (normal), 2 (memory tiering) or 3");
            }
            tiers.setNumaBalancing((int) p.value());
            kernel.bumpGeneration();
            return Outcome.ok();
        });
    }

    private SysfsNode tierDir(int id) {
        SysfsNode.Dir dir = new SysfsNode.Dir();
        dir.file("nodelist", 0444, () -> MemoryTopology.nodeListText(tiers.tiers().getOrDefault(id, List.of())) + "\n", null);
        return dir;
    }

    /** The N of "{prefix}N" as the kernel spells it (no sign, no leading zeros, at most 4 digits), if it is one. */
    private static java.util.Optional<Integer> numberAfter(String prefix, String name) {
        String digits = name.startsWith(prefix) ? name.substring(prefix.length()) : "";
        return digits.matches("0|[1-9][0-9]{0,3}") ? java.util.Optional.of(Integer.valueOf(digits)) : java.util.Optional.empty();
    }

    private Outcome storeWeight(int node, String v) {
        KernelParse.Parsed p = KernelParse.kstrtoull(v, 0);
        if (!p.ok() || p.value() < 1 || p.value() > 255) {
            return Outcome.fail(Errno.EINVAL, "", "an interleave weight is 1 to 255");
        }
        tiers.setInterleaveWeight(node, (int) p.value());
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    /** The files of {@code nodeN/} beyond its memory links; {@code online}: the nodes that have a directory. */
    void addNode(SysfsNode.Dir nd, int n, TreeSet<Integer> online) {
        // The only memory the simulator allocates from nodes is processes' anonymous memory (alloc).
        nd.file("meminfo", 0444, () -> {
            long kb = memory.onlineBytes(n) / 1024;
            long usedKb = anon.usedBytes(n) / 1024;
            return String.format(Locale.ROOT, "Node %d MemTotal:       %8d kB%nNode %d MemFree:        %8d kB%nNode %d MemUsed:        %8d kB%n",
                    n, kb, n, kb - usedKb, n, usedKb);
        }, null);
        nd.file("vmstat", 0444, () -> vmstat(), null);
        nd.file("distance", 0444, () -> String.join(" ", online.stream()
                .map(o -> Integer.toString(o == n ? LOCAL_DISTANCE : REMOTE_DISTANCE)).toList()) + "\n", null);
        tiers.performance(n).filter(p -> tiers.nodesWithMemory().contains(n)).ifPresent(perf -> {
            List<Integer> initiators = new ArrayList<>();
            for (int c : online) {
                if (tiers.hasCpu(c) && (c == n || !tiers.hasCpu(n))) {
                    initiators.add(c);
                }
            }
            for (int access = 0; access <= 1; access++) {
                SysfsNode.Dir init = nd.dir("access" + access).dir("initiators");
                figure(init, "read_latency", perf, NodePerformance::readLatency);
                figure(init, "write_latency", perf, NodePerformance::writeLatency);
                figure(init, "read_bandwidth", perf, NodePerformance::readBandwidth);
                figure(init, "write_bandwidth", perf, NodePerformance::writeBandwidth);
                for (int c : initiators) {
                    init.link("node" + c, "/sys/devices/system/node/node" + c);
                }
            }
        });
    }

    private static void figure(SysfsNode.Dir dir, String name, NodePerformance perf, ToLongFunction<NodePerformance> value) {
        dir.file(name, 0444, () -> value.applyAsLong(perf) + "\n", null);
    }

    /** The tiering counters the profile's kernel has: nothing is promoted or demoted in the simulator. */
    private String vmstat() {
        StringBuilder out = new StringBuilder();
        for (String counter : counters(kernel.profile())) {
            out.append(counter).append(" 0\n");
        }
        return out.toString();
    }

    static List<String> counters(KernelProfile profile) {
        List<String> out = new ArrayList<>(List.of("numa_hit", "numa_miss", "numa_foreign", "numa_interleave", "numa_local",
                "numa_other", "pgpromote_success", "pgpromote_candidate", "pgdemote_kswapd", "pgdemote_direct"));
        if (profile != KernelProfile.V6_1) {
            out.addAll(List.of("pgdemote_khugepaged", "pgdemote_proactive"));
        }
        return out;
    }
}
