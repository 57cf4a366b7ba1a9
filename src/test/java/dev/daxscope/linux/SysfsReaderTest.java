package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.cli.Cli;
import dev.daxscope.daxctl.DaxctlList;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.sim.DemoMachine;
import dev.daxscope.source.sim.MachineLoader;
import dev.daxscope.source.sim.SimulatedSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sysfs reader against the real-kernel captures, round trips through export-sysfs, and fuzzed trees. */
class SysfsReaderTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<String[]> fixtures() throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String name : TestFiles.realCaptureNames()) {
            for (String flags : new String[] {"-RDM", "-RDMi", "-RDMiu"}) {
                if (Files.exists(TestFiles.realCapture(name).resolve("daxctl-list" + flags + ".json"))) {
                    out.add(new String[] {name, flags});
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no daxctl-list-*.json beside the captures in " + TestFiles.realCaptures());
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixtures")
    void everyCaptureListsExactlyAsTheDaxctlCapturedBesideIt(String fixture, String flags) throws Exception {
        Path dir = TestFiles.realCapture(fixture);
        Cli.Run r = Cli.run("list", "--sysfs-root", dir.resolve("sys").toString(), flags);
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode expected = dev.daxscope.DaxctlJson.sortDevices(
                JSON.readTree(Files.readString(dir.resolve("daxctl-list" + flags + ".json"))));
        assertThat(JSON.readTree(r.out())).isEqualTo(expected);
    }

    /**
     * Every 7.3 capture was listed by daxctl 85 (famfs mode) in the guest, with all three listings
     * beside it, so the test above holds {@code daxscope list} to daxctl 85 on each of them.
     */
    @Test
    void every73CaptureCarriesDaxctl85sListingsForTheReaderTest() throws Exception {
        List<String> captures = TestFiles.realCaptureNames().stream().filter(n -> n.endsWith("-7.3")).toList();
        assertThat(captures).hasSizeGreaterThanOrEqualTo(9);
        List<String> tested = fixtures().map(f -> f[0] + " " + f[1]).toList();
        for (String capture : captures) {
            assertThat(Files.readString(TestFiles.realCapture(capture).resolve("HOW.txt"))).as(capture).contains("daxctl: 85 ");
            for (String flags : new String[] {"-RDM", "-RDMi", "-RDMiu"}) {
                assertThat(tested).as(capture + " listed by daxctl 85 with " + flags).contains(capture + " " + flags);
            }
        }
    }

    static Stream<String> machines() throws IOException {
        List<String> m = new ArrayList<>();
        m.add(DemoMachine.text());
        try (Stream<Path> s = Files.list(TestFiles.project().resolve("scenarios/spec"))) {
            for (Path p : s.sorted().toList()) {
                m.add(Files.readString(p));
            }
        }
        return m.stream();
    }

    @ParameterizedTest
    @MethodSource("machines")
    void exportSysfsThenReadGivesTheSimulatorsSnapshot(String script, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("m.dax");
        Files.writeString(file, script.replaceAll("(?m)=>.*$", ""));
        SimulatedSource sim;
        try {
            sim = MachineLoader.source(file);
        } catch (MachineLoader.LoadFailure e) {
            return;
        }
        sim.exportSysfs(tmp.resolve("tree"));
        MachineSnapshot read = new SysfsSnapshotReader(tmp.resolve("tree/sys")).read("tree");
        MachineSnapshot simulated = sim.snapshot();
        DaxctlList.Options all = new DaxctlList.Options(true, true, true, true, false, null, null);
        assertThat(DaxctlList.print(read, all)).isEqualTo(DaxctlList.print(simulated, all));
        assertThat(read.memory().blocks().stream().map(b -> b.index() + ":" + b.online()).toList())
                .isEqualTo(simulated.memory().blocks().stream().map(b -> b.index() + ":" + b.online()).toList());
        assertThat(read.memory().nodes()).isNotEmpty().isEqualTo(simulated.memory().nodes());
        assertThat(read.cxlRegions()).isEqualTo(simulated.cxlRegions());
        assertThat(new dev.daxscope.source.linux.LinuxSource(tmp.resolve("tree/sys"), "tree").snapshot().iomem())
                .isEqualTo(simulated.iomem());
        for (MachineSnapshot.DeviceInfo d : simulated.devices()) {
            MachineSnapshot.DeviceInfo r = read.device(d.name()).orElseThrow();
            assertThat(r.driver()).isEqualTo(d.driver());
            assertThat(r.ranges()).isEqualTo(d.ranges());
        }
    }

    @Test
    void nodeDirsGiveCpusAndMemTotal() {
        Path sys = TestFiles.realCapture("pmem-2m-system-ram-6.12").resolve("sys");
        MachineSnapshot read = new SysfsSnapshotReader(sys).read("fixture");
        // node0/meminfo of that capture: "Node 0 MemTotal:        1898284 kB"; has_cpu reads "0".
        assertThat(read.memory().nodes()).containsExactly(new MachineSnapshot.NodeInfo(0, true, 1898284L * 1024));
    }

    @Test
    void cxlRegionsAreReadWhenPresentAndAGarbledAttributeLeavesAWarning(@TempDir Path tmp) throws Exception {
        Path sys = tmp.resolve("sys");
        Path decoder = Files.createDirectories(sys.resolve("devices/platform/ACPI0017:00/root0/decoder0.0"));
        Path ram = Files.createDirectories(decoder.resolve("region0/dax_region0"));
        Path region0 = ram.getParent();
        Files.writeString(region0.resolve("mode"), "ram\n");
        Files.writeString(region0.resolve("size"), "0x80000000\n");
        Files.writeString(region0.resolve("resource"), "0x1080000000\n");
        Files.writeString(region0.resolve("interleave_ways"), "2\n");
        Files.writeString(region0.resolve("interleave_granularity"), "4096\n");
        Files.writeString(region0.resolve("commit"), "1\n");
        Files.writeString(region0.resolve("target0"), "decoder3.0\n");
        Files.writeString(region0.resolve("target1"), "decoder4.0\n");
        Path region1 = Files.createDirectories(decoder.resolve("region1"));
        Files.writeString(region1.resolve("mode"), "pmem\n");
        Files.writeString(region1.resolve("size"), "0x0\n");
        Files.writeString(region1.resolve("interleave_ways"), "lots\n");
        Files.writeString(region1.resolve("commit"), "0\n");
        Path links = Files.createDirectories(sys.resolve("bus/cxl/devices"));
        Files.createSymbolicLink(links.resolve("region0"), Path.of("../../../devices/platform/ACPI0017:00/root0/decoder0.0/region0"));
        Files.createSymbolicLink(links.resolve("region1"), Path.of("../../../devices/platform/ACPI0017:00/root0/decoder0.0/region1"));
        Files.createSymbolicLink(links.resolve("decoder0.0"), Path.of("../../../devices/platform/ACPI0017:00/root0/decoder0.0"));

        MachineSnapshot read = new SysfsSnapshotReader(sys).read("cxl");

        assertThat(read.cxlRegions()).containsExactly(
                new MachineSnapshot.CxlRegionInfo("region0", "ram", 0x80000000L, 0x1080000000L, 2, 4096, true,
                        List.of("decoder3.0", "decoder4.0"), 0),
                new MachineSnapshot.CxlRegionInfo("region1", "pmem", 0, -1, -1, -1, false, List.of(), null));
        assertThat(read.warnings()).anyMatch(w -> w.contains("region1/interleave_ways") && w.contains("'lots' is not a number"));
    }

    @Test
    void aMachineWithoutCxlHasNoCxlRegions() {
        MachineSnapshot read = new SysfsSnapshotReader(TestFiles.realCapture("pmem-4k").resolve("sys")).read("fixture");
        assertThat(read.cxlRegions()).isEmpty();
    }

    @Test
    void nodeListsParseAsTheKernelPrintsThem() {
        assertThat(SysfsSnapshotReader.nodeList("0-2,5\n")).containsExactly(0, 1, 2, 5);
        assertThat(SysfsSnapshotReader.nodeList("")).isEmpty();
        assertThat(SysfsSnapshotReader.nodeList("x,3,9-7,99999999")).containsExactly(3);
    }

    @Test
    void fuzzedTreesGiveWarningsNeverExceptions(@TempDir Path tmp) throws Exception {
        long seed = 424242;
        SplittableRandom rnd = new SplittableRandom(seed);
        Path machine = tmp.resolve("small.dax");
        Files.writeString(machine, """
                memory block=128M ram=256M auto_online=online
                region D dynamic start=0x100000000 size=1G
                write @D/create 1
                write /sys/bus/dax/devices/dax0.1/size 268435456
                bind dax0.1 device_dax
                region C cxl start=0x200000000 size=256M target_node=1
                """);
        Path pristine = tmp.resolve("pristine");
        MachineLoader.source(machine).exportSysfs(pristine);
        Path tree = tmp.resolve("tree");
        copyTree(pristine.resolve("sys"), tree);
        List<Path> files;
        try (Stream<Path> s = Files.walk(pristine.resolve("sys"))) {
            files = s.filter(p -> !p.equals(pristine.resolve("sys"))).toList();
        }
        int trees = 1000;
        for (int t = 0; t < trees; t++) {
            List<Path> touched = new ArrayList<>();
            for (int k = 0; k < 1 + rnd.nextInt(12); k++) {
                Path original = files.get(rnd.nextInt(files.size()));
                Path f = tree.resolve(pristine.resolve("sys").relativize(original).toString());
                touched.add(original);
                damage(rnd, f);
            }
            try {
                MachineSnapshot s = new SysfsSnapshotReader(tree).read("fuzz");
                assertThat(s).isNotNull();
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " tree " + t + " threw " + e, e);
            }
            restore(pristine.resolve("sys"), tree, touched);
        }
    }

    /** Puts back what damage() changed: the touched entries and any loop links made beside them. */
    private static void restore(Path pristine, Path tree, List<Path> touched) throws IOException {
        for (Path original : touched) {
            Path f = tree.resolve(pristine.relativize(original).toString());
            try (Stream<Path> s = Files.list(f.getParent())) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith("loop")).toList()) {
                    Files.delete(p);
                }
            }
            if (Files.isDirectory(original, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.deleteIfExists(f);
            if (Files.isSymbolicLink(original)) {
                Files.createSymbolicLink(f, Files.readSymbolicLink(original));
            } else {
                Files.copy(original, f);
            }
        }
    }

    private static void damage(SplittableRandom rnd, Path f) throws IOException {
        if (!Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        switch (rnd.nextInt(6)) {
            case 0 -> {
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(f);
                }
            }
            case 1 -> {
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    byte[] junk = new byte[rnd.nextInt(64)];
                    rnd.nextBytes(junk);
                    Files.write(f, junk);
                }
            }
            case 2 -> {
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.writeString(f, "99999999999999999999999999\n");
                }
            }
            case 3 -> {
                Path parent = f.getParent();
                Path loop = parent.resolve("loop" + rnd.nextInt(1000));
                Files.createSymbolicLink(loop, loop.getFileName());
                if (Files.isSymbolicLink(f)) {
                    Files.delete(f);
                    Files.createSymbolicLink(f, f.getFileName());
                }
            }
            case 4 -> {
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.writeString(f, "../../../../../../../../../../etc/passwd");
                }
            }
            default -> {
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.writeString(f, "");
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
