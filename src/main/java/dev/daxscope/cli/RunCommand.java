package dev.daxscope.cli;

import dev.daxscope.linux.SysfsWriter;
import dev.daxscope.scenario.Scenario;
import dev.daxscope.scenario.ScenarioError;
import dev.daxscope.scenario.ScenarioFiles;
import dev.daxscope.scenario.ScenarioRunner;
import dev.daxscope.scenario.StepResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.json.JsonMapper;

/** {@code daxscope run FILE...} (docs/language.md §7). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run .dax scenario scripts against the simulated kernel and check every expectation.",
        footer = {"", "Exit status: 0 every expectation held, 1 one or more failed, 2 a script is malformed or unreadable.",
                "", "Examples:", "  daxscope run scenarios/01-seed-commit.dax",
                "  daxscope run --continue --json scenarios/*.dax"})
public final class RunCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Scenario scripts (.dax).")
    List<Path> files;

    @Option(names = "--continue", description = "Go on after a failed expectation.")
    boolean keepGoing;

    @Option(names = "--json", description = "Print JSON Lines: one object per statement.")
    boolean json;

    @Option(names = "--workers", paramLabel = "N", description = "Fault worker threads (1..64, default: cores). Output is the same for every N.")
    Integer workers;

    @Option(names = "--target", paramLabel = "sim|linux", description = "Where to run (default: sim).")
    String target = "sim";

    @Option(names = "--allow-write", description = "With --target linux: allow state-changing statements.")
    boolean allowWrite;

    @Option(names = "--sysfs-root", paramLabel = "DIR", hidden = true, description = "With --target linux: the sysfs to act on.")
    Path sysfsRoot = Path.of("/sys");

    @Option(names = "--allow-file", paramLabel = "FILE", description = "With --target linux: a file that 'P open' may use "
            + "besides /dev/daxX.Y (for tests; repeatable).")
    List<Path> allowFiles = new ArrayList<>();

    @Option(names = "--audit-log", paramLabel = "FILE", hidden = true,
            description = "With --target linux --allow-write: where writes are recorded (default: the user's audit.log).")
    Path auditLog;

    @Spec
    CommandSpec spec;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (workers != null && (workers < 1 || workers > 64)) {
            err.println("daxscope run: --workers must be between 1 and 64, not " + workers);
            return 2;
        }
        if (!target.equals("sim") && !target.equals("linux")) {
            err.println("daxscope run: --target must be sim or linux, not " + target);
            return 2;
        }
        List<Scenario> scenarios = new ArrayList<>();
        boolean malformed = false;
        for (Path f : files) {
            try {
                scenarios.add(ScenarioFiles.load(f));
            } catch (ScenarioError e) {
                err.println(e.getMessage());
                malformed = true;
            }
        }
        if (malformed) {
            return 2;
        }
        boolean failed = false;
        RunSummary total = new RunSummary(null, 0);
        for (Scenario s : scenarios) {
            dev.daxscope.scenario.StatementRunner runner = target.equals("linux")
                    ? new dev.daxscope.scenario.LinuxTargetRunner(s, sysfsRoot, allowWrite
                            ? new SysfsWriter(sysfsRoot, auditLog != null ? auditLog : SysfsWriter.defaultAuditLog()) : null,
                            allowedFiles())
                    : new ScenarioRunner(s);
            RunSummary file = new RunSummary(s.file(), s.statements().size());
            while (runner.hasNext()) {
                StepResult r = runner.step();
                print(out, r);
                file.count(r);
                if (r.failed() && !keepGoing) {
                    break;
                }
            }
            runner.finish();
            printSummary(out, file);
            if (file.nothingChecked()) {
                // A real machine that could run none of it proves nothing: that is not a pass.
                err.println("daxscope run: " + s.file() + ": every statement was skipped (" + file.skipped()
                        + " SKIP); nothing was checked on this machine");
            }
            failed |= file.failed() > 0 || file.nothingChecked();
            total.add(file);
        }
        if (scenarios.size() > 1 || json) {
            printSummary(out, total);
        }
        out.flush();
        return failed ? 1 : 0;
    }

    /** The --allow-file list by real path (what 'open' compares after following links); missing files allow nothing. */
    private java.util.Set<Path> allowedFiles() {
        java.util.Set<Path> out = new java.util.HashSet<>();
        for (Path f : allowFiles) {
            try {
                out.add(f.toRealPath());
            } catch (java.io.IOException e) {
                spec.commandLine().getErr().println("daxscope run: --allow-file " + f + " does not exist; it allows nothing");
            }
        }
        return out;
    }

    private void printSummary(PrintWriter out, RunSummary sum) {
        if (json) {
            out.println(MAPPER.writeValueAsString(Map.of("summary", sum.json())));
        } else {
            out.println(sum.line());
        }
    }

    private void print(PrintWriter out, StepResult r) {
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("file", r.statement().file());
            o.put("line", r.statement().line());
            o.put("statement", r.statement().text());
            o.put("result", r.result());
            o.put("expected", r.expected());
            o.put("pass", r.pass());
            if (!r.detail().isEmpty()) {
                o.put("detail", r.detail());
            }
            if (!r.output().isEmpty()) {
                o.put("output", r.output());
            }
            out.println(MAPPER.writeValueAsString(o));
            return;
        }
        String where = r.statement().where();
        if (r.statement().verb().equals("say")) {
            out.println(where + ": say: " + r.result());
            return;
        }
        if (r.statement().verb().equals("pause")) {
            return;
        }
        StringBuilder line = new StringBuilder(where).append(": ").append(r.statement().text()).append("  -> ").append(r.result());
        if ("SKIP".equals(r.result())) {
            out.println(line.append("  # ").append(r.detail()));
            return;
        }
        if (r.pass() != null) {
            line.append(r.pass() ? "  PASS" : "  FAIL (expected " + r.expected() + ")");
        }
        if (!r.detail().isEmpty() && (!"ok".equals(r.result()) || r.failed())) {
            line.append("  # ").append(r.detail());
        }
        out.println(line);
        if (!r.output().isEmpty()) {
            out.println(r.output());
        }
    }
}
