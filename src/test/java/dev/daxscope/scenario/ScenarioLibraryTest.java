package dev.daxscope.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every script under scenarios/ (the narrated library and the spec's test vectors) passes. */
class ScenarioLibraryTest {

    static Stream<Path> scripts() throws IOException {
        Path root = TestFiles.project().resolve("scenarios");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".dax")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void scriptPassesEveryExpectation(Path script) throws Exception {
        ScenarioRunner runner = new ScenarioRunner(ScenarioFiles.load(script));
        List<String> failures = new ArrayList<>();
        int checked = 0;
        while (runner.hasNext()) {
            StepResult r = runner.step();
            if (r.pass() != null) {
                checked++;
            }
            if (r.failed()) {
                failures.add(r.statement().where() + ": " + r.statement().text() + " -> " + r.result() + " (expected "
                        + r.expected() + ") " + r.detail());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).as("expectations checked").isGreaterThan(3);
        assertThat(runner.inspector().checkInvariants()).isEmpty();
    }
}
