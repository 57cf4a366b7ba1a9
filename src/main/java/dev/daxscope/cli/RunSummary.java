package dev.daxscope.cli;

import dev.daxscope.scenario.StepResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code daxscope run} did with one file, or with all of them ({@code file} null): the
 * statements run, the expectations that held and failed, and the statements the target skipped.
 * Statements with nothing to check (narration, printed reads) are counted apart, so the parts add
 * up to the statements run.
 */
final class RunSummary {
    private final String file;
    private final int inFile;
    private int statements;
    private int passed;
    private int failed;
    private int skipped;
    private int notRun;

    RunSummary(String file, int inFile) {
        this.file = file;
        this.inFile = inFile;
    }

    void count(StepResult r) {
        statements++;
        if ("SKIP".equals(r.result())) {
            skipped++;
        } else if (r.pass() != null) {
            if (r.pass()) {
                passed++;
            } else {
                failed++;
            }
        }
        notRun = inFile - statements;
    }

    void add(RunSummary other) {
        statements += other.statements;
        passed += other.passed;
        failed += other.failed;
        skipped += other.skipped;
        notRun += other.notRun;
    }

    int failed() {
        return failed;
    }

    int skipped() {
        return skipped;
    }

    /** The target skipped what it was given and checked nothing. */
    boolean nothingChecked() {
        return skipped > 0 && passed == 0 && failed == 0;
    }

    /** Statements run that had nothing to check: narration, printed reads. */
    private int unchecked() {
        return statements - passed - failed - skipped;
    }

    /** {@code FILE: N statements: P passed, F failed, S skipped[, U with nothing to check]}, or {@code total: ...}. */
    String line() {
        return (file == null ? "total" : file) + ": " + statements + " statements: " + passed + " passed, " + failed
                + " failed, " + skipped + " skipped" + (unchecked() > 0 ? ", " + unchecked() + " with nothing to check" : "")
                + (notRun > 0 ? " (" + notRun + " not run after the first failure)" : "");
    }

    Map<String, Object> json() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("file", file);
        o.put("statements", statements);
        o.put("passed", passed);
        o.put("failed", failed);
        o.put("skipped", skipped);
        o.put("unchecked", unchecked());
        o.put("not_run", notRun);
        return o;
    }
}
