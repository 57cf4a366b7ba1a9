package dev.daxscope.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.DaxctlJson;
import dev.daxscope.TestFiles;
import dev.daxscope.cli.Cli;
import dev.daxscope.source.sim.DemoMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The installed daxctl (ndctl 76) reads {@code daxscope sim export-sysfs} output as if it were the
 * machine: in a private mount namespace the export is bound over /sys and a tmpfs /dev gets each
 * device's node from its {@code dev} file (src/test/resources/fidelity/daxctl-in-export.sh). What
 * it prints must be what {@code daxscope list} prints for the same machine, for every scenario
 * machine. Needs root, unshare and daxctl: fidelity profile only.
 */
@Tag("fidelity")
class RealDaxctlReadsExportTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<Path> machines() throws Exception {
        List<Path> out = new ArrayList<>();
        for (String dir : new String[] {"scenarios", "scenarios/spec"}) {
            try (Stream<Path> s = Files.list(TestFiles.project().resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".dax")).sorted().forEach(out::add);
            }
        }
        Path demo = Files.createTempFile("demo-machine", ".dax");
        Files.writeString(demo, DemoMachine.text());
        out.add(demo);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void realDaxctlListsTheExportAsDaxscopeDoes(Path machine, @TempDir Path tmp) throws Exception {
        Path export = tmp.resolve("export");
        Cli.Run exported = Cli.run("sim", "export-sysfs", export.toString(), "--machine", machine.toString());
        assertThat(exported.exit()).as(exported.err()).isZero();
        Path wrapper = TestFiles.project().resolve("src/test/resources/fidelity/daxctl-in-export.sh");
        for (String flags : new String[] {"-RDM", "-RDMiu"}) {
            ProcessBuilder pb = new ProcessBuilder("unshare", "-m", "bash", wrapper.toString(), export.toString(), "list",
                    flags).redirectError(tmp.resolve("daxctl.err").toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(tmp.resolve("daxctl.err"));
            assertThat(p.exitValue()).as(err).isZero();
            assertThat(err).as("libdaxctl complaints").isEmpty();
            Cli.Run ours = Cli.run("list", "--machine", machine.toString(), flags);
            assertThat(ours.exit()).as(ours.err()).isZero();
            assertThat(normalized(out)).as(flags).isEqualTo(normalized(ours.out()));
        }
    }

    /** daxctl lists regions and devices in sysfs directory order, daxscope by id: compare in id order. */
    private static JsonNode normalized(String json) {
        if (json.isBlank()) {
            return JSON.createArrayNode();
        }
        JsonNode n = JSON.readTree(json);
        ArrayNode regions = JSON.createArrayNode();
        List<JsonNode> list = new ArrayList<>();
        (n.isArray() ? n : JSON.createArrayNode().add(n)).forEach(list::add);
        list.sort(Comparator.comparingInt(r -> r.has("id") ? r.get("id").asInt() : -1));
        list.forEach(regions::add);
        return DaxctlJson.sortDevices(regions);
    }
}
