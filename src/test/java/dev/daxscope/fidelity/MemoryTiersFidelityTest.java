package dev.daxscope.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.scenario.ScenarioParser;
import dev.daxscope.scenario.ScenarioRunner;
import dev.daxscope.scenario.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Memory tiers in a real guest ({@code ./mvnw -Pfidelity verify}): devdax-vm's hmem guest on a
 * three-node machine whose Soft Reserved range is all of CPU-less node 2 (src/test/fidelity/hmat), with
 * and without HMAT figures, reconfigured to system-ram; the memory_tier nodelists the kernel
 * shows are compared with the simulator's for the same machine (the figures as the guest's
 * sysfs reported them). Needs root, QEMU and ../shared.
 */
@Tag("fidelity")
class MemoryTiersFidelityTest {
    private static final Pattern LINE = Pattern.compile("(?m)^(/sys/\\S+): (.*)$");

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"6.1, figures", "6.1, no-figures", "6.12, figures", "6.12, no-figures"})
    void theSimulatorFormsTheTiersTheKernelFormed(String kernel, String figures) throws Exception {
        Path vm = TestFiles.shared("devdax-vm");
        Path out = Files.createTempDirectory("hmat-" + kernel + "-" + figures);
        Process p = new ProcessBuilder("bash", TestFiles.project().resolve("src/test/fidelity/hmat/run-hmat-guest.sh").toString(),
                kernel, out.toString(), figures).redirectErrorStream(true).redirectOutput(out.resolve("run.log").toFile())
                .start();
        assertThat(p.waitFor(20, TimeUnit.MINUTES)).isTrue();
        Path after = out.resolve("hmem/extra/after.txt");
        assertThat(after).as("see " + out.resolve("run.log") + " (" + vm + ")").exists();
        Map<String, String> real = files(Files.readString(after));
        Map<String, String> sim = simulate(kernel, real);
        assertThat(tiers(sim)).as("simulator vs kernel " + kernel + " " + figures).isEqualTo(tiers(real));
        assertThat(sim.get("/sys/devices/system/node/has_memory")).isEqualTo(real.get("/sys/devices/system/node/has_memory"));
    }

    static Map<String, String> files(String text) {
        Map<String, String> out = new TreeMap<>();
        Matcher m = LINE.matcher(text);
        while (m.find()) {
            out.put(m.group(1), m.group(2).strip());
        }
        return out;
    }

    private static Map<String, String> tiers(Map<String, String> files) {
        Map<String, String> out = new TreeMap<>();
        files.forEach((k, v) -> {
            if (k.startsWith("/sys/devices/virtual/memory_tiering/")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The guest's machine in the simulator: node figures as its access1 files showed them, then system-ram. */
    private static Map<String, String> simulate(String kernel, Map<String, String> real) throws Exception {
        StringBuilder script = new StringBuilder("kernel " + kernel + "\nmemory block=128M auto_online=offline nodes=2 ram=3G\n");
        for (int node = 0; node <= 2; node++) {
            String base = "/sys/devices/system/node/node" + node + "/access1/initiators/";
            if (real.containsKey(base + "read_latency")) {
                script.append("node ").append(node);
                for (String f : List.of("read_latency", "write_latency", "read_bandwidth", "write_bandwidth")) {
                    script.append(' ').append(f).append('=').append(real.get(base + f));
                }
                script.append('\n');
            }
        }
        script.append("region H hmem start=0x100000000 size=512M target_node=2\n");
        script.append("daxctl reconfigure-device -m system-ram -f dax0.0\n");
        ScenarioRunner runner = new ScenarioRunner(ScenarioParser.parse("hmat-guest.dax", script.toString()));
        List<String> failures = new ArrayList<>();
        while (runner.hasNext()) {
            StepResult r = runner.step();
            if (!r.result().startsWith("ok") && !r.statement().verb().equals("daxctl")) {
                failures.add(r.statement().text() + " -> " + r.result());
            }
        }
        assertThat(failures).isEmpty();
        Map<String, String> out = new TreeMap<>();
        for (String tier : runner.kernel().sysfs().list("/sys/devices/virtual/memory_tiering")) {
            String path = "/sys/devices/virtual/memory_tiering/" + tier + "/nodelist";
            out.put(path, runner.kernel().sysfs().read(path).text().strip());
        }
        out.put("/sys/devices/system/node/has_memory", runner.kernel().sysfs().read("/sys/devices/system/node/has_memory").text().strip());
        return out;
    }
}
