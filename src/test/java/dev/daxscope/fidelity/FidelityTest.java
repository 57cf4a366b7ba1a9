package dev.daxscope.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.scenario.ScenarioParser;
import dev.daxscope.scenario.ScenarioRunner;
import dev.daxscope.scenario.StepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The differential test (`./mvnw -Pfidelity verify`): boots the devdax-vm guest with each real
 * kernel, runs scenarios/fidelity/*.dax there with {@code --target linux}, runs the same scripts
 * in the simulator under the matching kernel profile, and compares every statement's result and
 * read text. Writes target/fidelity.md (the table of docs/fidelity.md). Needs root and ../shared.
 */
@Tag("fidelity")
class FidelityTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void simulatorAgreesWithRealKernels() throws Exception {
        Path runSh = TestFiles.shared("devdax-vm/run.sh");
        Path corpus = TestFiles.project().resolve("scenarios/fidelity");
        List<Path> scripts;
        try (Stream<Path> s = Files.list(corpus)) {
            scripts = s.filter(p -> p.toString().endsWith(".dax")).sorted().toList();
        }
        Map<String, Map<String, int[]>> table = new TreeMap<>();
        List<String> differences = new ArrayList<>();
        StringBuilder timing = new StringBuilder();
        for (String kernel : new String[] {"6.1", "6.12"}) {
            Map<String, JsonNode> real = new LinkedHashMap<>();
            for (String guestCase : new String[] {"hmem", "pmem"}) {
                long t0 = System.nanoTime();
                real.putAll(runInGuest(runSh, kernel, guestCase));
                timing.append("- ").append(kernel).append(' ').append(guestCase).append(": guest boot and corpus ")
                        .append(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).append(" s\n");
            }
            for (Path script : scripts) {
                for (StepResult sim : runInSimulator(script, kernel)) {
                    String key = script.getFileName() + ":" + sim.statement().line();
                    JsonNode r = real.get(key);
                    if (r == null || "SKIP".equals(r.get("result").asString()) || sim.statement().verb().equals("say")) {
                        continue;
                    }
                    String kind = sim.statement().subject() == null ? sim.statement().verb() : "P " + sim.statement().verb();
                    int[] counts = table.computeIfAbsent(kind, k -> new LinkedHashMap<>()).computeIfAbsent(kernel,
                            k -> new int[2]);
                    if (sim.result().equals(r.get("result").asString())) {
                        counts[0]++;
                    } else {
                        counts[1]++;
                        differences.add(kernel + " " + key + " `" + sim.statement().text() + "`: simulator "
                                + sim.result() + ", kernel " + r.get("result").asString());
                    }
                }
            }
        }
        StringBuilder md = new StringBuilder("| statement | 6.1 agree | 6.1 differ | 6.12 agree | 6.12 differ |\n|---|---|---|---|---|\n");
        table.forEach((kind, byKernel) -> {
            int[] a = byKernel.getOrDefault("6.1", new int[2]);
            int[] b = byKernel.getOrDefault("6.12", new int[2]);
            md.append("| `").append(kind).append("` | ").append(a[0]).append(" | ").append(a[1]).append(" | ")
                    .append(b[0]).append(" | ").append(b[1]).append(" |\n");
        });
        md.append("\nDifferences:\n");
        differences.forEach(d -> md.append("- ").append(d).append('\n'));
        md.append("\nRun time:\n").append(timing);
        Files.writeString(TestFiles.project().resolve("target/fidelity.md"), md.toString());
        System.out.println(md);
        assertThat(differences).as("statements where the simulator and the kernel disagree").isEmpty();
    }

    /**
     * Boots the {@code guestCase} guest (hmem: the dynamic region; pmem: the static one) with
     * {@code kernel}, runs the scripts named after that case, and returns the --json rows keyed by file:line.
     */
    private static Map<String, JsonNode> runInGuest(Path runSh, String kernel, String guestCase)
            throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("fidelity-" + kernel + "-" + guestCase);
        Path extra = work.resolve("extra.sh");
        Files.writeString(extra, """
                mount -t proc proc /host/proc
                mount -t sysfs sysfs /host/sys
                mount -t devtmpfs devtmpfs /host/dev
                mount -t tmpfs tmpfs /host/tmp
                chroot /host /bin/sh -c 'cd %s && %s/bin/java --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 \
                  -cp %s dev.daxscope.Main run --target linux --allow-write --continue --json \
                  scenarios/fidelity/'"$CASE"'-*.dax' > "$OUT/linux.jsonl" 2> "$OUT/linux.err"
                umount /host/tmp /host/dev /host/sys /host/proc
                """.formatted(TestFiles.project(), System.getProperty("java.home"), System.getProperty("java.class.path")));
        Path out = work.resolve("out");
        ProcessBuilder pb = new ProcessBuilder("bash", runSh.toString(), out.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("run.log").toFile());
        pb.environment().put("KERNEL", kernel);
        pb.environment().put("EXTRA", extra.toString());
        pb.environment().put("EXTRA_ONLY", "1");
        pb.environment().put("CASES", guestCase);
        Process p = pb.start();
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("guest run for " + kernel + " finished").isTrue();
        Path jsonl = out.resolve(guestCase + "/extra/linux.jsonl");
        assertThat(jsonl).as("see " + work.resolve("run.log")).exists();
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode n = JSON.readTree(line);
            rows.put(Path.of(n.get("file").asString()).getFileName() + ":" + n.get("line").asInt(), n);
        }
        return rows;
    }

    /** The script under the simulator's profile for {@code kernel}, with that kernel's observed defaults. */
    private static List<StepResult> runInSimulator(Path script, String kernel) throws Exception {
        String text = Files.readString(script).replaceFirst("(?m)^kernel .*$", "kernel " + kernel);
        if (kernel.equals("6.12")) {
            text = text.replaceFirst("(?m)^memory (.*)$", "memory $1 auto_online=online");
        }
        ScenarioRunner runner = new ScenarioRunner(ScenarioParser.parse(script.toString(), text));
        List<StepResult> out = new ArrayList<>();
        while (runner.hasNext()) {
            out.add(runner.step());
        }
        return out;
    }
}
