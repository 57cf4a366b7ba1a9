package dev.daxscope.sim;

import static dev.daxscope.sim.Scripts.assertScript;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.linux.MemoryTopologyReader;
import dev.daxscope.model.DriverKind;
import dev.daxscope.model.MemoryTopology;
import dev.daxscope.scenario.ScenarioParser;
import dev.daxscope.scenario.ScenarioRunner;
import dev.daxscope.scenario.ScriptExporter;
import dev.daxscope.scenario.SnapshotImporter;
import dev.daxscope.sim.SysfsExporter;
import dev.daxscope.sim.kmem.MemoryTiers.NodePerformance;
import dev.daxscope.sim.kmem.MemoryTiers;
import dev.daxscope.source.linux.LinuxSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory tiers as mm/memory-tiers.c and dax/kmem form them, seen through the simulated sysfs:
 * DRAM nodes in tier 4, a kmem node without performance data in tier 22, with HMAT-like figures
 * at mt_perf_to_adistance's distance, nodes leaving their tier when their memory goes offline.
 */
class MemoryTiersTest {
    /** A CXL region whose device kmem onlines on node 2 (auto_online=online). */
    private static final String CXL_NODE = """
            memory block=128M auto_online=online ram=4G
            region X cxl start=0x1080000000 size=1G align=2M target_node=2
            """;

    @Test
    void aKmemNodeWithoutPerformanceDataLandsInTier22AndDramInTier4() {
        assertScript("kernel 6.12\n" + CXL_NODE + """
                read /sys/devices/virtual/memory_tiering/memory_tier4/nodelist => "0"
                read /sys/devices/virtual/memory_tiering/memory_tier22/nodelist => "2"
                read /sys/devices/system/node/has_memory => "0,2"
                read /sys/devices/system/node/node2/distance => "20 10"
                read /sys/devices/system/node/node2/access1/initiators/read_latency => ENOENT
                """);
    }

    @Test
    void withHmatFiguresTheDistanceScalesAsMtPerfToAdistance() {
        // 576 * (200+200)/(100+100) * (20000+20000)/(10000+10000) = 576 * 2 * 2 = 2304 -> tier 18
        ScenarioRunner r = assertScript("kernel 6.12\nmemory block=128M auto_online=online ram=4G\n"
                + "node 0 read_latency=100 write_latency=100 read_bandwidth=20000 write_bandwidth=20000\n"
                + "node 2 read_latency=200 write_latency=200 read_bandwidth=10000 write_bandwidth=10000\n"
                + "region X cxl start=0x1080000000 size=1G align=2M target_node=2\n" + """
                read /sys/devices/virtual/memory_tiering/memory_tier18/nodelist => "2"
                read /sys/devices/system/node/node2/access1/initiators/read_bandwidth => "10000"
                read /sys/devices/system/node/node2/access0/initiators/write_latency => "200"
                read /sys/devices/virtual/memory_tiering/memory_tier22/nodelist => ENOENT
                """);
        assertThat(r.kernel().sysfs().list("/sys/devices/system/node/node2/access1/initiators")).contains("node0");
    }

    @Test
    void kernel61IgnoresPerformanceDataAsItsKmemUsedAFixedDistance() {
        assertScript("kernel 6.1\nmemory block=128M auto_online=online ram=4G\n"
                + "node 0 read_latency=100 write_latency=100 read_bandwidth=20000 write_bandwidth=20000\n"
                + "node 2 read_latency=250 write_latency=250 read_bandwidth=10000 write_bandwidth=10000\n"
                + "region X cxl start=0x1080000000 size=1G align=2M target_node=2\n" + """
                read /sys/devices/virtual/memory_tiering/memory_tier22/nodelist => "2"
                """);
    }

    @Test
    void withoutDramFiguresTheKmemDefaultHolds() {
        assertScript("kernel 6.16\nmemory block=128M auto_online=online ram=4G\n"
                + "node 2 read_latency=250 write_latency=250 read_bandwidth=10000 write_bandwidth=10000\n"
                + "region X cxl start=0x1080000000 size=1G align=2M target_node=2\n" + """
                read /sys/devices/virtual/memory_tiering/memory_tier22/nodelist => "2"
                """);
    }

    @Test
    void theNodeLeavesItsTierWhenItsLastBlockGoesOfflineAndReturnsWhenOneComesBack() {
        long first = 0x1080000000L / (128L << 20);
        StringBuilder script = new StringBuilder("kernel 6.12\n" + CXL_NODE);
        for (long i = first; i < first + 8; i++) {
            script.append("write /sys/devices/system/memory/memory").append(i).append("/state offline\n");
        }
        script.append("""
                read /sys/devices/virtual/memory_tiering/memory_tier22/nodelist => ENOENT
                read /sys/devices/system/node/has_memory => "0"
                read /sys/devices/system/node/node2/meminfo
                """);
        script.append("write /sys/devices/system/memory/memory").append(first).append("/state online_movable\n");
        script.append("""
                read /sys/devices/virtual/memory_tiering/memory_tier22/nodelist => "2"
                """);
        ScenarioRunner r = assertScript(script.toString());
        assertThat(r.kernel().sysfs().read("/sys/devices/system/node/node2/meminfo").text())
                .startsWith("Node 2 MemTotal:         131072 kB");
    }

    @Test
    void unbindingKmemDropsTheNodeAndItsType() {
        assertScript("kernel 6.16\n" + CXL_NODE + """
                daxctl offline-memory dax0.0
                unbind dax0.0 kmem
                read /sys/devices/virtual/memory_tiering/memory_tier22/nodelist => ENOENT
                read /sys/devices/virtual/memory_tiering/memory_tier4/nodelist => "0"
                """);
    }

    @Test
    void theSettingsFilesTakeWhatTheKernelTakes() {
        assertScript("kernel 6.16\n" + """
                read /sys/kernel/mm/numa/demotion_enabled => "false"
                write /sys/kernel/mm/numa/demotion_enabled 1
                read /sys/kernel/mm/numa/demotion_enabled => "true"
                write /sys/kernel/mm/numa/demotion_enabled maybe => EINVAL
                read /proc/sys/kernel/numa_balancing => "0"
                write /proc/sys/kernel/numa_balancing 2
                read /proc/sys/kernel/numa_balancing => "2"
                write /proc/sys/kernel/numa_balancing 4 => EINVAL
                read /sys/kernel/mm/mempolicy/weighted_interleave/node0 => "1"
                write /sys/kernel/mm/mempolicy/weighted_interleave/node0 0 => EINVAL
                write /sys/kernel/mm/mempolicy/weighted_interleave/node0 3
                read /sys/kernel/mm/mempolicy/weighted_interleave/node0 => "3"
                """);
        assertScript("kernel 6.1\nread /sys/kernel/mm/mempolicy/weighted_interleave/node0 => ENOENT\n");
    }

    @Test
    void theKernelsIntegerArithmeticIsKept() {
        NodePerformance dram = new NodePerformance(80, 80, 30000, 30000);
        // 576*300/160 = 1080; 1080*60000/16000 = 4050
        assertThat(MemoryTiers.perfToAbstractDistance(new NodePerformance(150, 150, 8000, 8000), dram)).isEqualTo(4050);
        // Truncation after the latency step: 576*170/160 = 612 (612.0), *60000/59000 = 622 (not 622.37...)
        assertThat(MemoryTiers.perfToAbstractDistance(new NodePerformance(85, 85, 29500, 29500), dram)).isEqualTo(622);
    }

    @Test
    void scriptsRejectMalformedNodeLines() {
        assertThat(parseError("region X cxl start=0x1080000000 size=1G\nnode 2 read_latency=1\n"))
                .contains("'node' may appear only before the first region");
        assertThat(parseError("node 2 read_latency=1\nmemory block=128M auto_online=online\n"))
                .contains("'memory' may appear only before the first region and node");
        assertThat(parseError("node 2 read_latency=-1\n")).contains("is not a non-negative integer");
        assertThat(parseError("node 2 read_latency=5000000000\n")).contains("unsigned 32-bit");
        assertThat(parseError("node 2000\n")).contains("a node number is 0 to 1023");
        assertThat(parseError("node 2 speed=3\n")).isNotEmpty();
    }

    private static String parseError(String script) {
        try {
            ScenarioParser.parse("t.dax", script);
            return "";
        } catch (dev.daxscope.scenario.ScenarioError e) {
            return e.getMessage();
        }
    }

    @Test
    void exportSysfsReadsBackAndImportSysfsRebuildsTheSameTiers(@TempDir Path dir) throws Exception {
        ScenarioRunner r = assertScript("kernel 6.12\nmemory block=128M auto_online=online ram=4G\n"
                + "node 0 read_latency=100 write_latency=100 read_bandwidth=20000 write_bandwidth=20000\n"
                + "node 3 read_latency=200 write_latency=200 read_bandwidth=10000 write_bandwidth=10000\n"
                + "region X cxl start=0x1080000000 size=1G align=2M target_node=2\n"
                + "region H hmem start=0x2000000000 size=1G align=2M target_node=3\n"
                + "write /sys/kernel/mm/numa/demotion_enabled 1\nwrite /proc/sys/kernel/numa_balancing 2\n");
        SysfsExporter.export(r.kernel(), dir.resolve("a"));
        MemoryTopology a = new MemoryTopologyReader(dir.resolve("a/sys"), dir.resolve("a/proc")).read();
        assertThat(a.tiers()).extracting(t -> t.id() + ":" + t.nodes()).containsExactly("4:[0]", "18:[3]", "22:[2]");
        assertThat(a.node(2).orElseThrow().memTotal()).isEqualTo(1L << 30);
        assertThat(a.node(2).orElseThrow().daxDevices()).extracting(MemoryTopology.NodeSource::device,
                MemoryTopology.NodeSource::driver, MemoryTopology.NodeSource::cxlRegion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dax0.0", DriverKind.KMEM, "region0"));
        assertThat(a.cxlChains()).singleElement().satisfies(c -> {
            assertThat(c.region()).isEqualTo("region0");
            assertThat(c.targetNode()).isEqualTo(2);
            assertThat(c.tier()).isEqualTo(22);
        });
        assertThat(a.settings().demotionEnabled()).isTrue();
        assertThat(a.settings().numaBalancing()).isEqualTo(2);

        LinuxSource exported = new LinuxSource(dir.resolve("a/sys"), "export");
        String script = ScriptExporter.export(SnapshotImporter.toKernel(exported.snapshot(), exported.topology(),
                dev.daxscope.model.KernelProfile.V6_12, new java.util.ArrayList<>()));
        ScenarioRunner replay = new ScenarioRunner(ScenarioParser.parse("import.dax", script));
        while (replay.hasNext()) {
            assertThat(replay.step().failed()).as(script).isFalse();
        }
        SysfsExporter.export(replay.kernel(), dir.resolve("b"));
        MemoryTopology b = new MemoryTopologyReader(dir.resolve("b/sys"), dir.resolve("b/proc")).read();
        assertThat(b.tiers()).isEqualTo(a.tiers());
        assertThat(b.nodes()).extracting(MemoryTopology.NumaNode::id, MemoryTopology.NumaNode::hmat)
                .isEqualTo(a.nodes().stream().map(n -> org.assertj.core.groups.Tuple.tuple(n.id(), n.hmat())).toList());
        assertThat(b.settings()).isEqualTo(a.settings());
        assertThat(script).contains("node 3 read_latency=200 write_latency=200 read_bandwidth=10000 write_bandwidth=10000");
        assertThat(Map.of("warnings", b.warnings())).isEqualTo(Map.of("warnings", List.of()));
    }
}
