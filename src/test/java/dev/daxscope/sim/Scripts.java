package dev.daxscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.scenario.ScenarioError;
import dev.daxscope.scenario.ScenarioParser;
import dev.daxscope.scenario.ScenarioRunner;
import dev.daxscope.scenario.StepResult;
import java.util.ArrayList;
import java.util.List;

/** Runs an inline scenario and asserts that every expectation in it held. */
final class Scripts {
    private Scripts() {
    }

    static ScenarioRunner assertScript(String script) {
        ScenarioRunner runner;
        try {
            runner = new ScenarioRunner(ScenarioParser.parse("inline.dax", script));
        } catch (ScenarioError e) {
            throw new AssertionError(e.getMessage(), e);
        }
        List<String> failures = new ArrayList<>();
        while (runner.hasNext()) {
            StepResult r = runner.step();
            if (r.failed()) {
                failures.add("line " + r.statement().line() + ": " + r.statement().text() + " -> " + r.result()
                        + " (expected " + r.expected() + ") " + r.detail());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(runner.inspector().checkInvariants()).isEmpty();
        return runner;
    }

    /** Region A of the test vectors with dax0.1 of 512 MiB bound to device_dax. */
    static final String REGION_A_BOUND = """
            region RA dynamic start=0x100000000 size=1G align=2M target_node=2
            write @RA/create 1
            write /sys/bus/dax/devices/dax0.1/size 0x20000000
            bind dax0.1 device_dax
            """;
}
