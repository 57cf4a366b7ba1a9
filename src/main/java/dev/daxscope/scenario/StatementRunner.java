package dev.daxscope.scenario;

/** Runs a scenario one statement at a time: on the simulator or on the real machine. */
public interface StatementRunner {
    boolean hasNext();

    StepResult step();
}
