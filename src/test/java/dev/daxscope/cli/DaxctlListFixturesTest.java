package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A simulated machine built the way each real-kernel capture was made prints, through
 * {@code daxscope list}, the JSON that real daxctl printed (devices in id order).
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
        Path expectedFile = TestFiles.shared("fixtures/" + fixture + "/daxctl-list" + flags + ".json");
        Path machine = TestFiles.project().resolve("src/test/resources/fixture-machines/" + fixture + ".dax");
        Cli.Run r = Cli.run("list", "--machine", machine.toString(), flags);
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode actual = JSON.readTree(r.out());
        JsonNode expected = dev.daxscope.DaxctlJson.sortDevices(JSON.readTree(Files.readString(expectedFile)));
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * The captures of kernels after the 6.15 refcount change, kept in the repository: the machine
     * built as their HOW.txt says, and the captured tree itself, list as the guest's daxctl did.
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
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.MethodSource("newKernelCaptures")
    void newKernelCapturesListLikeTheirDaxctl(String fixture, String flags) throws Exception {
        Path capture = TestFiles.project().resolve("src/test/fixtures/real/" + fixture);
        JsonNode expected = dev.daxscope.DaxctlJson.sortDevices(
                JSON.readTree(Files.readString(capture.resolve("daxctl-list" + flags + ".json"))));
        Path machine = TestFiles.project().resolve("src/test/resources/fixture-machines/" + fixture + ".dax");
        for (Cli.Run r : new Cli.Run[] {Cli.run("list", "--machine", machine.toString(), flags),
            Cli.run("list", "--sysfs-root", capture.resolve("sys").toString(), flags)}) {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(JSON.readTree(r.out())).isEqualTo(expected);
        }
    }
}
