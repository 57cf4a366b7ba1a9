package dev.daxscope.source.sim;

import dev.daxscope.scenario.Scenario;
import dev.daxscope.scenario.ScenarioError;
import dev.daxscope.scenario.ScenarioParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The built-in demo machine: a CXL, an HMEM, a PMEM and a plain dynamic region with processes mapping them. */
public final class DemoMachine {
    private static final String RESOURCE = "/dev/daxscope/demo-machine.dax";

    private DemoMachine() {
    }

    public static String text() {
        try (InputStream in = DemoMachine.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Scenario scenario() {
        try {
            return ScenarioParser.parse("demo-machine.dax", text());
        } catch (ScenarioError e) {
            throw new IllegalStateException("the built-in demo machine is malformed: " + e.getMessage(), e);
        }
    }
}
