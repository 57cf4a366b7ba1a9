package dev.daxscope.source.open;

import dev.daxscope.scenario.Scenario;
import dev.daxscope.scenario.ScenarioError;
import dev.daxscope.scenario.ScenarioFiles;
import dev.daxscope.scenario.ScenarioRunner;
import dev.daxscope.scenario.StepResult;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Path;

/**
 * Plays a {@code .dax} script one statement at a time for the inspector: the machine it builds
 * is a {@link SimulatedSource} the views show, {@code say} lines become narration, {@code pause}
 * marks where "play" stops.
 */
public final class ScenarioPlayer {
    private final Scenario scenario;
    private ScenarioRunner runner;
    private SimulatedSource source;
    private String narration = "";

    /** One executed statement, as the narration drawer shows it. */
    public record Step(int index, int total, String where, String statement, String result, Boolean pass, String detail,
                       String narration, boolean pause) {
    }

    /** A script that cannot be played; the message is {@code FILE:LINE:COLUMN: what is wrong}. */
    public static final class OpenFailure extends Exception {
        public OpenFailure(String message) {
            super(message);
        }
    }

    private final java.util.function.LongSupplier clock;

    private ScenarioPlayer(Scenario scenario, java.util.function.LongSupplier clock) {
        this.scenario = scenario;
        this.clock = clock;
        restart();
    }

    /**
     * The built-in tour (the inspector's "Scenario" menu and the scenario-player screenshot), its
     * machine measuring faults/s on {@code clock}.
     */
    public static ScenarioPlayer tour(java.util.function.LongSupplier clock) {
        try (var in = ScenarioPlayer.class.getResourceAsStream("/dev/daxscope/tour.dax")) {
            String text = new String(java.util.Objects.requireNonNull(in).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new ScenarioPlayer(dev.daxscope.scenario.ScenarioParser.parse("tour.dax", text), clock);
        } catch (java.io.IOException | ScenarioError e) {
            throw new IllegalStateException("the built-in tour is unreadable: " + e.getMessage(), e);
        }
    }

    public static ScenarioPlayer open(Path file) throws OpenFailure {
        try {
            return new ScenarioPlayer(ScenarioFiles.load(file), System::nanoTime);
        } catch (ScenarioError e) {
            throw new OpenFailure(e.getMessage());
        }
    }

    /** Back to the first statement, on a fresh machine. */
    public void restart() {
        runner = new ScenarioRunner(scenario);
        // kernel, memory and node lines configure the machine before it exists; run them first.
        while (runner.hasNext() && isSetup(runner.position())) {
            runner.step();
        }
        source = new SimulatedSource(runner.kernel(), clock);
        narration = "";
    }

    private boolean isSetup(int index) {
        String verb = scenario.statements().get(index).verb();
        return verb.equals("kernel") || verb.equals("memory") || verb.equals("node");
    }

    public DaxSource source() {
        return source;
    }

    /** Whether only the setup lines (kernel, memory, node) have run: the machine has nothing the script builds yet. */
    public boolean atStart() {
        return java.util.stream.IntStream.range(0, runner.position()).allMatch(this::isSetup);
    }

    public String file() {
        return scenario.file();
    }

    public boolean hasNext() {
        return runner.hasNext();
    }

    public int position() {
        return runner.position();
    }

    public int total() {
        return scenario.statements().size();
    }

    public String narration() {
        return narration;
    }

    public Step step() {
        StepResult r = runner.step();
        boolean say = r.statement().verb().equals("say");
        if (say) {
            narration = r.result();
        }
        return new Step(runner.position(), total(), r.statement().where(), r.statement().text(), r.result(), r.pass(),
                r.detail(), narration, r.statement().verb().equals("pause"));
    }

    /** Runs statements up to and including the next {@code pause}, or to the end; stops early at a failure. */
    public Step playToNextStop() {
        Step last = step();
        while (runner.hasNext() && !last.pause() && !Boolean.FALSE.equals(last.pass())) {
            last = step();
        }
        return last;
    }

    /** Goes back one statement by replaying the script from the start (the machine has no undo). */
    public Step back() {
        int target = Math.max(0, runner.position() - 1);
        restart();
        Step last = null;
        while (runner.position() < target) {
            last = step();
        }
        return last;
    }
}
