package dev.daxscope.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.scenario.ScenarioParser;
import dev.daxscope.scenario.ScenarioRunner;
import dev.daxscope.scenario.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HMAT guest of src/test/fidelity/hmat in the simulator: nodes 0 and 1 with CPUs, the hmem
 * region as all of CPU-less node 2 at 4G, with the figures the QEMU shim gives (DRAM 100 ns /
 * 20000 MB/s, node 2 200 ns / 10000 MB/s, as the guests' access1 files show them) or none, then
 * {@code daxctl reconfigure-device -m system-ram}; what the guest's after.txt says (lines
 * "/sys/...: value") is compared with the simulated files. The figures are not taken from
 * after.txt: 6.12 does not show node 2's access files again after its memory was removed and
 * re-added (docs/fidelity.md), while kmem still used them.
 */
final class HmatGuest {
    private static final Pattern LINE = Pattern.compile("(?m)^(/sys/\\S+): (.*)$");

    private HmatGuest() {
    }

    /** The memory_tier nodelists and has_memory the kernel showed equal the simulator's. */
    static void assertSimulatorAgrees(String kernel, boolean figures, String afterTxt) throws Exception {
        Map<String, String> real = files(afterTxt);
        Map<String, String> sim = simulate(kernel, figures);
        assertThat(tiers(sim)).as("simulator vs kernel " + kernel).isEqualTo(tiers(real)).isNotEmpty();
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

    static Map<String, String> tiers(Map<String, String> files) {
        Map<String, String> out = new TreeMap<>();
        files.forEach((k, v) -> {
            if (k.startsWith("/sys/devices/virtual/memory_tiering/")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The guest's machine in the simulator, made system-ram; its tier nodelists and has_memory. */
    static Map<String, String> simulate(String kernel, boolean figures) throws Exception {
        StringBuilder script = new StringBuilder("kernel " + kernel + "\nmemory block=128M auto_online=offline nodes=2 ram=3G\n");
        if (figures) {
            script.append("node 0 read_latency=100 write_latency=100 read_bandwidth=20000 write_bandwidth=20000\n");
            script.append("node 1 read_latency=100 write_latency=100 read_bandwidth=20000 write_bandwidth=20000\n");
            script.append("node 2 read_latency=200 write_latency=200 read_bandwidth=10000 write_bandwidth=10000\n");
        }
        script.append("region H hmem start=0x100000000 size=512M target_node=2\n");
        // As in the guest: 6.12 boots the device as system-ram, and the harness makes it devdax first.
        script.append("daxctl reconfigure-device -m devdax -f dax0.0\n");
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
