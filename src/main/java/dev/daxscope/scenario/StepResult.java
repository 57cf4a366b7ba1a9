package dev.daxscope.scenario;

/**
 * The outcome of one statement: {@code result} is what is compared (ok, EINVAL, SIGBUS:ADRERR,
 * the read text, counters), {@code output} extra lines printed after it (state, mappings),
 * {@code pass} null when nothing was checked, {@code detail} the explanation of a refusal.
 */
public record StepResult(Statement statement, String result, String output, String expected, Boolean pass,
                         String detail) {
    public boolean failed() {
        return Boolean.FALSE.equals(pass);
    }

    /** A bug in a runner reported on the statement it hit, so the run goes on (simulator and real machine alike). */
    public static StepResult internalError(Statement s, RuntimeException e) {
        String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new StepResult(s, "internal error", "", s.expectation() == null ? "ok" : s.expectation().display(),
                Boolean.FALSE, why);
    }
}
