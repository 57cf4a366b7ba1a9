package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.linux.Snapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code daxscope tiers} as a user runs it: this machine, a simulated one, a sysfs tree, a capture, and bad options. */
class TiersCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KMEM_NODE = """
            kernel 6.12
            memory block=128M auto_online=online ram=4G
            region X cxl start=0x1080000000 size=1G align=2M target_node=2
            """;

    @TempDir
    Path dir;

    @Test
    void onThisMachineTheJsonListsExactlyTheTiersAndNodeListsOfSys() throws Exception {
        Map<Integer, String> expected = new TreeMap<>();
        Path tiering = Path.of("/sys/devices/virtual/memory_tiering");
        if (Files.isDirectory(tiering)) {
            try (Stream<Path> s = Files.list(tiering)) {
                for (Path p : s.filter(p -> p.getFileName().toString().matches("memory_tier\\d+")).toList()) {
                    expected.put(Integer.parseInt(p.getFileName().toString().substring(11)),
                            Files.readString(p.resolve("nodelist")).strip());
                }
            }
        }
        Cli.Run run = Cli.run("tiers", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode tiers = JSON.readTree(run.out());
        Map<Integer, String> actual = new TreeMap<>();
        List<Integer> order = new ArrayList<>();
        for (JsonNode t : tiers) {
            List<Integer> nodes = new ArrayList<>();
            t.get("nodes").forEach(n -> nodes.add(n.get("node").asInt()));
            actual.put(t.get("tier").asInt(), dev.daxscope.model.MemoryTopology.nodeListText(nodes));
            order.add(t.get("tier").asInt());
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(order).isSorted();
    }

    @Test
    void aSimulatedKmemNodeWithoutPerformanceDataIsInTier22() throws Exception {
        Path machine = Files.writeString(dir.resolve("m.dax"), KMEM_NODE);
        Cli.Run run = Cli.run("tiers", "--json", "--machine", machine.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode tiers = JSON.readTree(run.out());
        assertThat(tiers).hasSize(2);
        assertThat(tiers.get(0).get("tier").asInt()).isEqualTo(4);
        JsonNode cxl = tiers.get(1);
        assertThat(cxl.get("tier").asInt()).isEqualTo(22);
        JsonNode node = cxl.get("nodes").get(0);
        assertThat(node.get("node").asInt()).isEqualTo(2);
        assertThat(node.get("has_cpu").asBoolean()).isFalse();
        assertThat(node.get("mem_total").asLong()).isEqualTo(1L << 30);
        assertThat(node.get("mem_free").asLong()).isEqualTo(1L << 30);
        assertThat(node.get("dax_devices").get(0).get("device").asText()).isEqualTo("dax0.0");
        assertThat(node.get("cxl_regions").get(0).asText()).isEqualTo("region0");

        Cli.Run text = Cli.run("tiers", "--machine", machine.toString());
        assertThat(text.out()).contains("memory_tier22  (abstract distance 2816-2943)")
                .contains("node2  no CPU  1.0 GiB total, 1.0 GiB free  from dax0.0 (kmem, CXL region0)");
    }

    @Test
    void aCaptureOfTheSimulatedMachineShowsTheSameTiers() throws Exception {
        Path machine = Files.writeString(dir.resolve("m.dax"), KMEM_NODE);
        Path export = dir.resolve("export");
        assertThat(Cli.run("sim", "export-sysfs", export.toString(), "--machine", machine.toString()).exit()).isZero();
        Cli.Run fromTree = Cli.run("tiers", "--json", "--sysfs-root", export.resolve("sys").toString(),
                "--procfs-root", export.resolve("proc").toString());
        assertThat(fromTree.exit()).as(fromTree.err()).isZero();
        Snapshots.capture(export.resolve("sys"), export.resolve("proc"), dir.resolve("cap"), false);
        Cli.Run fromCapture = Cli.run("tiers", "--json", "--snapshot", dir.resolve("cap").toString());
        assertThat(fromCapture.exit()).as(fromCapture.err()).isZero();
        assertThat(JSON.readTree(fromCapture.out())).isEqualTo(JSON.readTree(fromTree.out()));
        assertThat(JSON.readTree(fromCapture.out()).get(1).get("tier").asInt()).isEqualTo(22);
    }

    @Test
    void badOptionsAreNamedAndExit2() {
        Cli.Run both = Cli.run("tiers", "--machine", "a.dax", "--sysfs-root", "/sys");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("daxscope tiers: give one of --machine, --sysfs-root and --snapshot");
        Cli.Run snapshotToo = Cli.run("tiers", "--machine", "a.dax", "--snapshot", "s");
        assertThat(snapshotToo.exit()).isEqualTo(2);
        assertThat(snapshotToo.err()).contains("daxscope tiers: give one of --machine, --sysfs-root and --snapshot");
        Cli.Run procAlone = Cli.run("tiers", "--procfs-root", "/proc");
        assertThat(procAlone.exit()).isEqualTo(2);
        assertThat(procAlone.err()).contains("--procfs-root goes with --sysfs-root");
        Cli.Run missing = Cli.run("tiers", "--sysfs-root", dir.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("is not a directory");
        Cli.Run notCapture = Cli.run("tiers", "--snapshot", dir.toString());
        assertThat(notCapture.exit()).isEqualTo(2);
        assertThat(notCapture.err()).contains("is not a daxscope capture");
    }

    @Test
    void diffNamesTheTierAndNodeThatAppearedWhenTheMemoryWentOnline() throws Exception {
        Path offline = Files.writeString(dir.resolve("off.dax"), KMEM_NODE + "daxctl offline-memory dax0.0\n");
        Path online = Files.writeString(dir.resolve("on.dax"), KMEM_NODE
                + "write /sys/kernel/mm/numa/demotion_enabled true\n");
        assertThat(Cli.run("sim", "export-sysfs", dir.resolve("a").toString(), "--machine", offline.toString()).exit()).isZero();
        assertThat(Cli.run("sim", "export-sysfs", dir.resolve("b").toString(), "--machine", online.toString()).exit()).isZero();
        Cli.Run diff = Cli.run("diff", dir.resolve("a").toString(), dir.resolve("b").toString());
        assertThat(diff.exit()).isEqualTo(1);
        assertThat(diff.out()).contains("+ memory_tier22 (nodes 2)", "~ node2 MemTotal 0 -> 1073741824", "~ node2 gained memory",
                "~ demotion_enabled false -> true");
    }

    @Test
    void aCaptureOfThisMachineHoldsItsTiersNodesAndOurOwnNumaMaps() throws Exception {
        Path cap = dir.resolve("cap");
        Cli.Run capture = Cli.run("capture", "--out", cap.toString());
        assertThat(capture.exit()).as(capture.err()).isZero();
        Cli.Run live = Cli.run("tiers", "--json");
        Cli.Run captured = Cli.run("tiers", "--json", "--snapshot", cap.toString());
        assertThat(captured.exit()).as(captured.err()).isZero();
        assertThat(tierNodes(JSON.readTree(captured.out()))).isEqualTo(tierNodes(JSON.readTree(live.out())));
        assertThat(cap.resolve("proc/" + ProcessHandle.current().pid() + "/numa_maps")).exists();
        assertThat(cap.resolve("proc/sys/kernel/numa_balancing")).exists();
    }

    private static List<String> tierNodes(JsonNode tiers) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : tiers) {
            t.get("nodes").forEach(n -> out.add(t.get("tier").asInt() + ":" + n.get("node").asInt() + ":" + n.get("has_cpu")
                    + ":" + n.get("mem_total").asLong()));
        }
        return out;
    }
}
