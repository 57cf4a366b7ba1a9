package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.MemoryTopology.CxlChain;
import dev.daxscope.model.MemoryTopology.NumaNode;
import dev.daxscope.model.MemoryTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory-topology reader against trees built the way the kernel lays them out (a CPU node, a
 * CXL node with HMAT figures fed by a kmem device behind a CXL region) and against this
 * machine's real /sys and /proc, read-only.
 */
class MemoryTopologyReaderTest {
    @TempDir
    Path dir;

    private Path write(String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private void link(String rel, String target) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    /** node0 has CPUs (tier 4), node2 is a CXL node (tier 22) fed by dax0.0 under region0, behind mem0. */
    private void cxlMachine() throws IOException {
        write("sys/devices/virtual/memory_tiering/memory_tier4/nodelist", "0\n");
        write("sys/devices/virtual/memory_tiering/memory_tier22/nodelist", "2\n");
        write("sys/devices/system/node/has_cpu", "0\n");
        write("sys/devices/system/node/has_memory", "0,2\n");
        write("sys/devices/system/node/node0/meminfo", "Node 0 MemTotal:        4194304 kB\nNode 0 MemFree:"
                + "         1048576 kB\nNode 0 MemUsed:         3145728 kB\n");
        write("sys/devices/system/node/node0/vmstat", "nr_free_pages 262144\nnuma_hit 77\npgdemote_kswapd 5\n");
        write("sys/devices/system/node/node0/distance", "10 20\n");
        write("sys/devices/system/node/node2/meminfo", "Node 2 MemTotal:        2097152 kB\nNode 2 MemFree:"
                + "         2097000 kB\nNode 2 MemUsed:             152 kB\n");
        write("sys/devices/system/node/node2/vmstat", "numa_hit 3\npgpromote_success 9\n");
        write("sys/devices/system/node/node2/distance", "20 10\n");
        String access = "sys/devices/system/node/node2/access1/initiators/";
        write(access + "read_latency", "250\n");
        write(access + "write_latency", "300\n");
        write(access + "read_bandwidth", "8000\n");
        write(access + "write_bandwidth", "6000\n");
        link(access + "node0", "../../../node0");
        write("sys/devices/system/node/node2/memory_side_cache/index1/size", "1073741824\n");
        write("sys/devices/system/node/node2/memory_side_cache/index1/line_size", "64\n");
        write("sys/devices/system/node/node2/memory_side_cache/index1/indexing", "0\n");
        write("sys/devices/system/node/node2/memory_side_cache/index1/write_policy", "0\n");
        String root = "sys/devices/platform/ACPI0017:00/root0";
        String region = root + "/decoder0.0/region0";
        write(region + "/mode", "ram\n");
        write(region + "/target0", "decoder2.0\n");
        write(region + "/dax_region0/dax0.0/target_node", "2\n");
        write("sys/bus/dax/drivers/kmem/.keep", "");
        link(region + "/dax_region0/dax0.0/driver", "../../../../../../../../bus/dax/drivers/kmem");
        write(root + "/port1/endpoint2/decoder2.0/mode", "ram\n");
        write("sys/devices/pci0000:0c/mem0/dev", "251:0\n");
        link(root + "/port1/endpoint2/uport", "../../../../../pci0000:0c/mem0");
        link("sys/bus/cxl/devices/mem0", "../../../devices/pci0000:0c/mem0");
        link("sys/bus/cxl/devices/endpoint2", "../../../devices/platform/ACPI0017:00/root0/port1/endpoint2");
        link("sys/bus/cxl/devices/region0", "../../../devices/platform/ACPI0017:00/root0/decoder0.0/region0");
        link("sys/bus/dax/devices/dax0.0", "../../../devices/platform/ACPI0017:00/root0/decoder0.0/region0/dax_region0/dax0.0");
        write("sys/kernel/mm/numa/demotion_enabled", "true\n");
        write("sys/kernel/mm/mempolicy/weighted_interleave/node0", "3\n");
        write("sys/kernel/mm/mempolicy/weighted_interleave/node2", "1\n");
        write("proc/sys/kernel/numa_balancing", "2\n");
        write("proc/4242/comm", "db\n");
        write("proc/4242/numa_maps", "7f0000000000 default anon=300 dirty=300 N0=100 N2=200 kernelpagesize_kB=4\n"
                + "7f1000000000 bind:2 file=/usr/lib/x.so mapped=5 N2=5 kernelpagesize_kB=4\n");
    }

    @Test
    void readsTiersNodesHmatSettingsNumaMapsAndTheCxlChain() throws IOException {
        cxlMachine();
        MemoryTopology t = new MemoryTopologyReader(dir.resolve("sys"), dir.resolve("proc")).read();

        assertThat(t.tiers()).extracting(MemoryTopology.MemoryTier::id).containsExactly(4, 22);
        assertThat(t.tierOfNode(2)).map(MemoryTopology.MemoryTier::abstractDistanceStart).contains(2816);
        NumaNode cpu = t.node(0).orElseThrow();
        assertThat(cpu.hasCpu()).isTrue();
        assertThat(cpu.memTotal()).isEqualTo(4L << 30);
        assertThat(cpu.memFree()).isEqualTo(1L << 30);
        assertThat(cpu.counter("pgdemote_kswapd")).isEqualTo(5);
        assertThat(cpu.counter("pgpromote_success")).as("absent counters are -1").isEqualTo(-1);
        assertThat(cpu.vmstat()).doesNotContainKey("nr_free_pages");
        NumaNode cxl = t.node(2).orElseThrow();
        assertThat(cxl.hasCpu()).isFalse();
        assertThat(cxl.hasMemory()).isTrue();
        assertThat(cxl.distance()).containsExactly(20, 10);
        MemoryTopology.HmatAccess a1 = cxl.access(1).orElseThrow();
        assertThat(a1.initiators()).containsExactly(0);
        assertThat(List.of(a1.readLatency(), a1.writeLatency(), a1.readBandwidth(), a1.writeBandwidth()))
                .containsExactly(250L, 300L, 8000L, 6000L);
        assertThat(cxl.memorySideCaches()).singleElement().satisfies(c -> {
            assertThat(c.level()).isEqualTo(1);
            assertThat(c.size()).isEqualTo(1L << 30);
        });
        assertThat(cxl.daxDevices()).containsExactly(new MemoryTopology.NodeSource("dax0.0", DriverKind.KMEM, "region0"));
        assertThat(t.settings().demotionEnabled()).isTrue();
        assertThat(t.settings().memoryTieringBalancing()).isTrue();
        assertThat(t.settings().weightedInterleave()).containsEntry(0, 3).containsEntry(2, 1);
        assertThat(t.processes()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("db");
            assertThat(p.pagesPerNode()).containsEntry(0, 100L).containsEntry(2, 205L);
        });
        assertThat(t.pagesOnNode(2)).containsEntry(4242, 205L);
        assertThat(t.cxlChains()).containsExactly(new CxlChain("mem0", "port1", "decoder2.0", "region0", "dax_region0",
                "dax0.0", 2, 22, List.of()));
    }

    @Test
    void everyMissingLinkOfTheChainIsNamed() throws IOException {
        cxlMachine();
        Files.delete(dir.resolve("sys/devices/virtual/memory_tiering/memory_tier22/nodelist"));
        Files.delete(dir.resolve("sys/devices/virtual/memory_tiering/memory_tier22"));
        MemoryTopology t = new MemoryTopologyReader(dir.resolve("sys"), dir.resolve("proc")).read();
        assertThat(t.cxlChains().getFirst().tier()).isNull();
        assertThat(t.cxlChains().getFirst().unresolved()).singleElement().asString().startsWith("tier: node 2 is in no memory tier");

        Files.writeString(dir.resolve("sys/devices/platform/ACPI0017:00/root0/decoder0.0/region0/target0"), "decoder7.0\n");
        t = new MemoryTopologyReader(dir.resolve("sys"), dir.resolve("proc")).read();
        assertThat(t.cxlChains()).hasSize(2);
        assertThat(t.cxlChains().get(0).unresolved()).singleElement().asString()
                .contains("no region has a decoder2.N of endpoint2");
        assertThat(t.cxlChains().get(1).region()).isEqualTo("region0");
        assertThat(t.cxlChains().get(1).unresolved()).first().asString().startsWith("memdev:");

        Files.delete(dir.resolve("sys/devices/platform/ACPI0017:00/root0/port1/endpoint2/uport"));
        t = new MemoryTopologyReader(dir.resolve("sys"), dir.resolve("proc")).read();
        assertThat(t.cxlChains().getFirst().port()).isNull();
        assertThat(t.cxlChains().getFirst().unresolved()).singleElement().asString().contains("no endpointN/uport links to mem0");
    }

    @Test
    void anEmptyTreeGivesAnEmptyTopologyWithEveryAbsenceExplained() {
        MemoryTopology t = new MemoryTopologyReader(dir.resolve("sys"), dir.resolve("proc")).read();
        assertThat(t.tiers()).isEmpty();
        assertThat(t.nodes()).isEmpty();
        assertThat(t.settings().demotionEnabled()).isNull();
        assertThat(t.settings().numaBalancing()).isNull();
        assertThat(t.warnings()).anyMatch(w -> w.startsWith("/sys/devices/virtual/memory_tiering: absent"))
                .anyMatch(w -> w.startsWith("/sys/devices/system/node: no nodeN"))
                .anyMatch(w -> w.startsWith("/sys/kernel/mm/numa/demotion_enabled: absent"))
                .anyMatch(w -> w.startsWith("/proc/sys/kernel/numa_balancing: absent"));
    }

    @Test
    void garbageIsAWarningNeverAnException() throws IOException {
        cxlMachine();
        write("sys/devices/virtual/memory_tiering/memory_tier4/nodelist", "0,x-\n");
        write("sys/devices/system/node/node2/access1/initiators/read_latency", "fast\n");
        write("sys/devices/system/node/node0/distance", "10 far\n");
        write("proc/4242/numa_maps", "garbage line\n7f0000000000 default N0=zz N2=4\n");
        MemoryTopology t = new MemoryTopologyReader(dir.resolve("sys"), dir.resolve("proc")).read();
        assertThat(t.tiers().getFirst().nodes()).containsExactly(0);
        assertThat(t.node(2).orElseThrow().access(1).orElseThrow().readLatency()).isEqualTo(-1);
        assertThat(t.warnings()).contains("/sys/devices/virtual/memory_tiering/memory_tier4/nodelist: 'x-' is not a node range",
                "/sys/devices/system/node/node2/access1/initiators/read_latency: 'fast' is not a number",
                "/sys/devices/system/node/node0/distance: 'far' is not a distance");
        assertThat(t.processes().getFirst().pagesPerNode()).containsExactly(java.util.Map.entry(2, 4L));
    }

    /** This machine, read-only: the tiers are exactly the memory_tierN directories and their nodelists. */
    @Test
    void thisMachinesTiersAreExactlyWhatSysShows() throws IOException {
        Path tiering = Path.of("/sys/devices/virtual/memory_tiering");
        MemoryTopology t = new MemoryTopologyReader(Path.of("/sys"), Path.of("/proc")).read();
        List<String> expected = new ArrayList<>();
        if (Files.isDirectory(tiering)) {
            try (Stream<Path> s = Files.list(tiering)) {
                for (Path p : s.filter(p -> p.getFileName().toString().matches("memory_tier\\d+")).toList()) {
                    expected.add(p.getFileName().toString().substring(11) + ":" + Files.readString(p.resolve("nodelist")).strip());
                }
            }
        }
        List<String> actual = t.tiers().stream().map(x -> x.id() + ":" + rangeText(x.nodes())).toList();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(t.nodes()).isNotEmpty();
        assertThat(t.processes()).as("our own numa_maps is readable").anyMatch(p -> p.pid() == ProcessHandle.current().pid());
    }

    private static String rangeText(List<Integer> nodes) {
        return MemoryTopology.nodeListText(nodes);
    }
}
