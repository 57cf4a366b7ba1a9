package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A simulated machine built the way each real-kernel capture was made prints, through
 * {@code daxscope list}, the JSON that real daxctl printed (devices in id order); and the
 * listing follows daxctl/list.c and util/json.c where the captures do not reach: filters without
 * -R/-D, and -u sizes below 5000 KiB.
 */
class DaxctlListFixturesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "hmem-initial, -RDM", "hmem-initial, -RDMi", "hmem-initial, -RDMiu",
        "hmem-initial-6.12, -RDM", "hmem-initial-6.12, -RDMiu",
        "hmem-unbound, -RDM", "hmem-unbound, -RDMiu",
        "hmem-two-devices, -RDM", "hmem-two-devices, -RDMi", "hmem-two-devices, -RDMiu",
        "hmem-devdax-6.12, -RDM",
        "pmem-2m, -RDM", "pmem-2m, -RDMiu",
        "pmem-2m-system-ram, -RDM", "pmem-2m-system-ram, -RDMiu"})
    void simulatedMachineListsLikeTheCapturedDaxctl(String fixture, String flags) throws Exception {
        Path expectedFile = TestFiles.realCapture(fixture).resolve("daxctl-list" + flags + ".json");
        Path machine = TestFiles.project().resolve("src/test/resources/fixture-machines/" + fixture + ".dax");
        Cli.Run r = Cli.run("list", "--machine", machine.toString(), flags);
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode actual = JSON.readTree(r.out());
        JsonNode expected = dev.daxscope.DaxctlJson.sortDevices(JSON.readTree(Files.readString(expectedFile)));
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * The captures of kernels after the 6.15 refcount change: the machine built as their HOW.txt
     * says lists as the guest's daxctl did (SysfsReaderTest reads the trees themselves).
     */
    static java.util.stream.Stream<String[]> newKernelCaptures() {
        java.util.List<String[]> out = new java.util.ArrayList<>();
        for (String kernel : new String[] {"6.16", "6.18"}) {
            for (String state : new String[] {"hmem-initial", "hmem-devdax", "hmem-unbound", "hmem-two-devices", "pmem-2m",
                "pmem-2m-system-ram"}) {
                for (String flags : new String[] {"-RDM", "-RDMi", "-RDMiu"}) {
                    out.add(new String[] {state + "-" + kernel, flags});
                }
            }
        }
        // 7.3 (daxctl 85 in the guest): famfs mode beside devdax and system-ram
        for (String state : new String[] {"hmem-initial", "hmem-devdax", "hmem-unbound", "hmem-two-devices", "hmem-famfs",
            "pmem-2m", "pmem-2m-system-ram", "pmem-4k", "pmem-famfs"}) {
            for (String flags : new String[] {"-RDM", "-RDMi", "-RDMiu"}) {
                out.add(new String[] {state + "-7.3", flags});
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.MethodSource("newKernelCaptures")
    void newKernelCapturesListLikeTheirDaxctl(String fixture, String flags) throws Exception {
        JsonNode expected = dev.daxscope.DaxctlJson.sortDevices(JSON.readTree(Files.readString(
                TestFiles.realCapture(fixture).resolve("daxctl-list" + flags + ".json"))));
        Path machine = TestFiles.project().resolve("src/test/resources/fixture-machines/" + fixture + ".dax");
        assertThat(list(machine, flags)).isEqualTo(expected);
    }

    private static final String TWO_REGIONS = """
            region A dynamic start=0x100000000 size=1G
            write @A/create 1
            write /sys/bus/dax/devices/dax0.1/size 0x200000
            region B hmem start=0x200000000 size=1G
            write @A/create 1
            write /sys/bus/dax/devices/dax0.2/size 0x800000
            """;

    private static JsonNode list(Path machine, String... flags) {
        String[] args = new String[flags.length + 3];
        args[0] = "list";
        args[1] = "--machine";
        args[2] = machine.toString();
        System.arraycopy(flags, 0, args, 3, flags.length);
        Cli.Run r = Cli.run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void aRegionFilterWithoutListFlagsListsRegions(@TempDir Path tmp) throws Exception {
        Path m = Files.writeString(tmp.resolve("m.dax"), TWO_REGIONS);
        JsonNode filtered = list(m, "-r", "1");
        assertThat(filtered).isEqualTo(list(m, "-R", "-r", "1"));
        assertThat(filtered).hasSize(1);
        assertThat(filtered.get(0).get("id").asInt()).isEqualTo(1);
        assertThat(filtered.get(0).has("chardev")).as("a region, not a device").isFalse();
        assertThat(filtered.get(0).has("devices")).isFalse();
        assertThat(list(m, "-r", "all")).isEqualTo(list(m, "-R"));
    }

    @Test
    void aDeviceFilterAloneListsDevicesAndWithARegionFilterRegionsHoldingThem(@TempDir Path tmp) throws Exception {
        Path m = Files.writeString(tmp.resolve("m.dax"), TWO_REGIONS);
        JsonNode devices = list(m, "-d", "dax0.1");
        assertThat(devices).isEqualTo(list(m, "-D", "-d", "dax0.1"));
        assertThat(devices).singleElement().satisfies(d -> assertThat(d.get("chardev").asString()).isEqualTo("dax0.1"));
        JsonNode both = list(m, "-r", "0", "-d", "dax0.1");
        assertThat(both).isEqualTo(list(m, "-R", "-D", "-r", "0", "-d", "dax0.1"));
        assertThat(both.get(0).get("devices")).singleElement()
                .satisfies(d -> assertThat(d.get("chardev").asString()).isEqualTo("dax0.1"));
    }

    @Test
    void humanSizesBelow5000KibStayNumbers(@TempDir Path tmp) throws Exception {
        Path m = Files.writeString(tmp.resolve("m.dax"), TWO_REGIONS);
        JsonNode small = list(m, "-u", "-d", "dax0.1");
        assertThat(small.get("size").isNumber()).as(small.toString()).isTrue();
        assertThat(small.get("size").asLong()).isEqualTo(2L << 20);
        JsonNode large = list(m, "-u", "-d", "dax0.2");
        assertThat(large.get("size").asString()).isEqualTo("8.00 MiB (8.39 MB)");
        assertThat(dev.daxscope.daxctl.DaxctlList.humanSize(5000L * 1024)).isEqualTo("4.88 MiB (5.12 MB)");
        assertThat(dev.daxscope.daxctl.DaxctlList.humanSize(3L << 30)).isEqualTo("3.00 GiB (3.22 GB)");
    }
}
