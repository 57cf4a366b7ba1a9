package dev.daxscope.source.sim;

import dev.daxscope.scenario.Scenario;
import dev.daxscope.scenario.ScenarioError;
import dev.daxscope.scenario.ScenarioFiles;
import dev.daxscope.scenario.ScenarioRunner;
import dev.daxscope.scenario.StepResult;
import dev.daxscope.source.sim.DemoMachine;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Path;

/** Builds a simulated machine from {@code --machine FILE.dax} (run silently) or the demo machine. */
public final class MachineLoader {
    private MachineLoader() {
    }

    /** Thrown when the machine script is malformed (exit 2) or an expectation in it fails (exit 1). */
    public static final class LoadFailure extends Exception {
        private final int exitCode;

        public LoadFailure(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** The machine a script builds, as a source; the demo machine when {@code machine} is null. */
    public static SimulatedSource source(Path machine) throws LoadFailure {
        return new SimulatedSource(load(machine).kernel());
    }

    /** The same, with faults/s measured on {@code nanoClock}. */
    public static SimulatedSource source(Path machine, java.util.function.LongSupplier nanoClock) throws LoadFailure {
        return new SimulatedSource(load(machine).kernel(), nanoClock);
    }

    public static ScenarioRunner load(Path machine) throws LoadFailure {
        try {
            return run(machine == null ? DemoMachine.scenario() : ScenarioFiles.load(machine));
        } catch (ScenarioError e) {
            throw new LoadFailure(e.getMessage(), 2);
        }
    }

    /** The machine a script text builds ({@code file} names it in messages). */
    public static SimulatedSource source(String file, String text) throws LoadFailure {
        try {
            return new SimulatedSource(run(dev.daxscope.scenario.ScenarioParser.parse(file, text)).kernel());
        } catch (ScenarioError e) {
            throw new LoadFailure(e.getMessage(), 2);
        }
    }

    private static ScenarioRunner run(Scenario scenario) throws LoadFailure {
        ScenarioRunner runner = new ScenarioRunner(scenario);
        while (runner.hasNext()) {
            StepResult r = runner.step();
            if (r.failed()) {
                throw new LoadFailure(r.statement().where() + ": " + r.statement().text() + " -> " + r.result()
                        + " (expected " + r.expected() + ")" + (r.detail().isEmpty() ? "" : ": " + r.detail()), 1);
            }
        }
        runner.kernel();
        return runner;
    }
}
