package dev.daxscope.scenario;

/** Runs a scenario one statement at a time: on the simulator or on the real machine. */
public interface StatementRunner {
    boolean hasNext();

    StepResult step();

    /** The script is over: whatever its process still holds is released, as at exit (nothing to do on the simulator). */
    default void finish() {
    }
}
