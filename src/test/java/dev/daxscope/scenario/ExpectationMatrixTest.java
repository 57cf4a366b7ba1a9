package dev.daxscope.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every statement kind with every kind of expectation: the parser either rejects the pair as
 * malformed (exit 2, FILE:LINE:COL) or both runners check it, and for each accepted pair there is
 * a machine state in which the expectation fails. Nothing is parsed and then dropped.
 */
class ExpectationMatrixTest {

    /** An unbound 1G device dax0.1. */
    private static final String SIZED = """
            region A dynamic start=0x100000000 size=1G
            write @A/create 1
            write /sys/bus/dax/devices/dax0.1/size 0x40000000
            """;
    /** dax0.1 bound, P maps its first 2M and has faulted it in. */
    private static final String MAPPED = SIZED + """
            bind dax0.1 device_dax
            spawn P
            P open /dev/dax0.1 as F
            P mmap F len=2M as M
            P read M
            """;

    /**
     * A statement kind: the lines before it, the statement in a state where it succeeds, and the
     * lines ending in the same statement in a state where it fails (null: it cannot fail).
     */
    private record Kind(String name, String setup, String succeeds, String fails) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("kernel", "", "kernel 6.16", null),
            new Kind("memory", "", "memory block=128M auto_online=offline", null),
            new Kind("node", "", "node 1 read_latency=100", null),
            new Kind("region", "", "region B dynamic start=0x200000000 size=1G",
                    "region B dynamic start=0x200100000 size=1G align=1G"),
            new Kind("read", SIZED, "read @A/size", "read @A/no_such_attribute"),
            new Kind("write", SIZED, "write /sys/bus/dax/drivers/device_dax/new_id dax0.1", "write @A/create 2"),
            new Kind("bind", SIZED, "bind dax0.1 device_dax", "bind dax9.9 device_dax"),
            new Kind("unbind", MAPPED, "unbind dax0.1", "unbind dax9.9 device_dax"),
            new Kind("user", SIZED, "user nobody", null),
            new Kind("remove", SIZED, "remove region A", "remove region A\nremove region A"),
            new Kind("daxctl", SIZED, "daxctl list -RDM", "daxctl create-device -r 0 -s 64M"),
            new Kind("poison", MAPPED, "poison 0x100000000 by P", "poison 0x100200000"),
            new Kind("say", SIZED, "say \"hello\"", null),
            new Kind("pause", SIZED, "pause", null),
            new Kind("state", SIZED, "state", null),
            new Kind("check", MAPPED, "check", "check"),
            new Kind("spawn", SIZED, "spawn Q", null),
            new Kind("folio", MAPPED, "folio dax0.1 pgoff=0", "unbind dax0.1\nfolio dax0.1 pgoff=0"),
            new Kind("rss", MAPPED, "rss P", "P exit\nrss P"),
            new Kind("smaps", MAPPED, "smaps P M", "P exit\nsmaps P M"),
            new Kind("mappings", MAPPED, "mappings P", "P exit\nmappings P"),
            new Kind("signals", MAPPED, "signals P", "poison 0x100000000 by P\nsignals P"),
            new Kind("P open", MAPPED, "P open /dev/dax0.1 as G", "P open /dev/dax9.9 as G"),
            new Kind("P mmap", MAPPED, "P mmap F len=2M as N", "P mmap F len=4K as N"),
            new Kind("P read", MAPPED, "P read M", "P read 0x10"),
            new Kind("P write", MAPPED, "P write M", "P write 0x10"),
            new Kind("P touch", MAPPED, "P touch M len=2M", "P touch 0x10 len=4K"),
            new Kind("P munmap", MAPPED, "P munmap M len=2M", "P munmap M len=4K"),
            new Kind("P mprotect", MAPPED, "P mprotect M len=2M ro", "P mprotect M len=4K ro"),
            new Kind("P madvise", MAPPED, "P madvise M len=2M dontneed", "P exit\nP madvise M len=2M dontneed"),
            new Kind("P pin", MAPPED, "P pin M as H", "P pin 0x10 as H"),
            new Kind("P get", MAPPED, "P get M as H", "P get 0x10 as H"),
            new Kind("P release", MAPPED + "P pin M as H\n", "P release H", "P release H\nP release H"),
            new Kind("P fdread", MAPPED, "P fdread F len=4K", "P close F\nP fdread F len=4K"),
            new Kind("P mremap", MAPPED, "P mremap M len=2M newlen=4M maymove as B", "P mremap M len=4K newlen=8K as B"),
            new Kind("P prctl", MAPPED, "P prctl mce-kill early", "P exit\nP prctl mce-kill early"),
            new Kind("P close", MAPPED, "P close F", "P close F\nP close F"),
            new Kind("P fork", MAPPED, "P fork C", "P exit\nP fork C"),
            new Kind("P exit", MAPPED, "P exit", "P exit\nP exit"),
            new Kind("P alloc", MAPPED, "P alloc len=4M node=0", "P alloc len=4M node=7"),
            new Kind("P work", MAPPED + "P alloc len=4M node=0\n", "P work len=2M", "P work len=8M"),
            new Kind("monitor", SIZED, "monitor node=0", "monitor node=7"),
            new Kind("elapse", SIZED, "elapse 5ms", null));

    /** One sample of each kind of expectation, each wrong for the statement's succeeding state where it can be. */
    private static final Map<String, String> EXPECTATIONS = new TreeMap<>(Map.of(
            "ok", "ok",
            "errno", "EPERM",
            "signal", "SIGBUS",
            "several signals", "SIGBUS SIGBUS",
            "text", "\"no such text\"",
            "folio counters", "ref=99",
            "rss", "rss=99M",
            "none", "none"));

    private static String script(String setup, String lines, String expectation) {
        String[] parts = lines.split("\n");
        parts[parts.length - 1] += " => " + expectation;
        return setup + String.join("\n", parts) + "\n";
    }

    private static int lineCount(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }

    /** Runs a script in the simulator; every statement but the last must not fail. Returns the last result. */
    private static StepResult runLast(String text, boolean corruptBeforeLast) throws ScenarioError {
        ScenarioRunner runner = new ScenarioRunner(ScenarioParser.parse("m.dax", text));
        StepResult last = null;
        while (runner.hasNext()) {
            if (corruptBeforeLast && runner.position() == runner.scenario().statements().size() - 1) {
                // A pin the kernel never took: the refcount no longer adds up (R67), as a simulator bug would leave it.
                runner.kernel().device("dax0.1").orElseThrow().folios().addPin(0, 1, 1);
            }
            last = runner.step();
            if (runner.hasNext()) {
                assertThat(last.failed()).as("set-up line %s of\n%s", last.statement().line(), text).isFalse();
            }
        }
        return last;
    }

    @Test
    void theMatrixHasEveryStatementOfTheLanguage() {
        assertThat(KINDS.stream().map(Kind::name)).containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(Syntax.values())
                .map(s -> (s.isProcessOperation() ? "P " : "") + s.keyword()).toList());
    }

    @Test
    void everyAcceptedPairIsCheckedAndCanFailAndEveryOtherIsMalformed(@TempDir Path tmp) throws Exception {
        List<String> accepted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Kind k : KINDS) {
            for (Map.Entry<String, String> e : EXPECTATIONS.entrySet()) {
                String pair = k.name() + " => " + e.getKey();
                String text = script(k.setup(), k.succeeds(), e.getValue());
                try {
                    ScenarioParser.parse("m.dax", text);
                } catch (ScenarioError malformed) {
                    Path file = Files.writeString(tmp.resolve("bad.dax"), text);
                    Cli.Run r = Cli.run("run", file.toString());
                    if (r.exit() != 2 || !r.err().contains(file + ":" + lineCount(text) + ":")) {
                        problems.add(pair + ": rejected without exit 2 and FILE:LINE:COL: " + r.err());
                    }
                    continue;
                }
                accepted.add(pair);
                StepResult ok = runLast(text, false);
                StepResult bad = k.fails() == null ? null
                        : runLast(script(k.setup(), k.fails(), e.getValue()), k.name().equals("check"));
                if (ok.pass() == null || (bad != null && bad.pass() == null)) {
                    problems.add(pair + ": accepted but not checked");
                } else if (ok.pass() && (bad == null || bad.pass())) {
                    problems.add(pair + ": accepted but never fails (" + ok.result() + (bad == null ? "" : ", " + bad.result())
                            + ")");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(accepted).as("the pairs the language accepts").containsExactlyInAnyOrder(
                "region => ok", "region => errno", "read => ok", "read => errno", "read => text",
                "write => ok", "write => errno", "bind => ok", "bind => errno", "unbind => ok", "unbind => errno",
                "remove => ok", "remove => errno", "daxctl => ok", "daxctl => errno", "poison => ok", "poison => errno",
                "check => ok", "check => errno", "folio => folio counters", "folio => none",
                "rss => rss", "rss => errno", "smaps => rss", "smaps => errno", "mappings => ok", "mappings => errno",
                "signals => signal", "signals => several signals", "signals => none", "signals => errno",
                "P open => ok", "P open => errno", "P mmap => ok", "P mmap => errno",
                "P read => ok", "P read => errno", "P read => signal", "P write => ok", "P write => errno",
                "P write => signal", "P touch => ok", "P touch => errno", "P touch => signal",
                "P munmap => ok", "P munmap => errno", "P mprotect => ok", "P mprotect => errno",
                "P madvise => ok", "P madvise => errno", "P pin => ok", "P pin => errno", "P get => ok", "P get => errno",
                "P release => ok", "P release => errno", "P fdread => ok", "P fdread => errno",
                "P mremap => ok", "P mremap => errno", "P prctl => ok", "P prctl => errno",
                "P close => ok", "P close => errno", "P fork => ok", "P fork => errno", "P exit => ok", "P exit => errno",
                "P alloc => ok", "P alloc => errno", "P work => ok", "P work => errno", "monitor => ok", "monitor => errno");
    }

    @Test
    void theRealMachineRunnerChecksOrSkipsEveryAcceptedExpectation(@TempDir Path tmp) throws Exception {
        Path machine = Files.writeString(tmp.resolve("machine.dax"), MAPPED);
        Cli.Run export = Cli.run("sim", "export-sysfs", tmp.resolve("tree").toString(), "--machine", machine.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        Path sys = tmp.resolve("tree/sys");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        int failedChecks = 0;
        for (Kind k : KINDS) {
            for (String expectation : EXPECTATIONS.values()) {
                for (String lines : k.fails() == null ? List.of(k.succeeds()) : List.of(k.succeeds(), k.fails())) {
                    Scenario sc;
                    try {
                        sc = ScenarioParser.parse("m.dax", script(k.setup(), lines, expectation));
                    } catch (ScenarioError malformed) {
                        continue;
                    }
                    LinuxTargetRunner runner = new LinuxTargetRunner(sc, sys, null, java.util.Set.of());
                    while (runner.hasNext()) {
                        StepResult r = runner.step();
                        if (r.statement().expectation() == null) {
                            continue;
                        }
                        if (r.pass() == null && !r.result().equals("SKIP")) {
                            problems.add(r.statement().text() + ": expectation neither checked nor skipped");
                        }
                        if (r.pass() != null) {
                            checked++;
                            failedChecks += r.pass() ? 0 : 1;
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).as("some expectations run for real on the exported tree").isPositive();
        assertThat(failedChecks).as("and some of them fail").isPositive();
    }
}
