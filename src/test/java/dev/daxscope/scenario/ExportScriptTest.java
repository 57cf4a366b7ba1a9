package dev.daxscope.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.daxctl.DaxctlList;
import dev.daxscope.model.FolioInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.SimInspector;
import dev.daxscope.source.sim.DemoMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** export-script rebuilds the machine: same listing, same mapped folios and counters, same RssFile. */
class ExportScriptTest {

    static Stream<String> machines() throws IOException {
        List<String> texts = new ArrayList<>();
        texts.add(DemoMachine.text());
        try (Stream<Path> s = Files.list(TestFiles.project().resolve("scenarios/spec"))) {
            for (Path p : s.sorted().toList()) {
                texts.add(Files.readString(p));
            }
        }
        return texts.stream();
    }

    @ParameterizedTest
    @MethodSource("machines")
    void exportedScriptRebuildsTheSameMachine(String script) throws Exception {
        Kernel original = run(script);
        String exported = ScriptExporter.export(original);
        org.junit.jupiter.api.Assumptions.assumeFalse(exported.contains("# cannot replay"),
                "a stale mapping cannot be replayed (documented limit)");
        Kernel copy = run(exported);
        assertThat(describe(copy)).isEqualTo(describe(original));
        assertThat(ScriptExporter.export(copy)).as("export is a fixed point").isEqualTo(exported);
    }

    private static Kernel run(String text) throws ScenarioError {
        ScenarioRunner r = new ScenarioRunner(ScenarioParser.parse("m.dax", text));
        List<String> failures = new ArrayList<>();
        while (r.hasNext()) {
            StepResult s = r.step();
            if (s.failed() && !text.startsWith("# Rebuilds")) {
                continue;
            }
            if (s.failed()) {
                failures.add(s.statement().where() + " " + s.statement().text() + " -> " + s.result() + " " + s.detail());
            }
        }
        assertThat(failures).as("the exported script replays without failures").isEmpty();
        return r.kernel();
    }

    private static String describe(Kernel k) {
        SimInspector in = new SimInspector(k);
        MachineSnapshot snap = in.snapshot("x");
        StringBuilder b = new StringBuilder(DaxctlList.print(snap, new DaxctlList.Options(true, true, true, true, false, null, null)));
        for (MachineSnapshot.DeviceInfo d : snap.devices()) {
            b.append('\n').append(d.name()).append(' ').append(d.driver());
            long folios = d.folioCount();
            for (long f = 0; f < Math.min(folios, 4096); f++) {
                FolioInfo fi = in.folio(d.name(), f * (d.align() >>> 12)).orElse(null);
                if (fi != null && (fi.refcount() != 1 || fi.mapcount() != 0)) {
                    b.append(" ").append(f).append(':').append(fi.refcount()).append('/').append(fi.mapcount()).append('/')
                            .append(fi.pinnedPages());
                }
            }
        }
        snap.memory().blocks().forEach(bl -> b.append("\nblock ").append(bl.index()).append(bl.online()).append(bl.zone()));
        snap.processes().forEach(p -> b.append("\nproc alive=").append(p.alive()).append(" rss=").append(p.rssFile())
                .append(" vmas=").append(p.vmas()));
        // Anonymous memory bound to a node ('alloc'): the pages each node holds, as numa_maps counts them.
        k.processes().values().forEach(p -> b.append("\nnuma_maps ").append(p.name()).append(' ')
                .append(k.anon().numaMaps(p).lines().filter(l -> l.contains(" anon=")).map(l -> l.substring(l.indexOf(' ')))
                        .toList()));
        return b.toString();
    }
}
