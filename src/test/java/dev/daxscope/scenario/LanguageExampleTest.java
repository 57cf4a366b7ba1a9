package dev.daxscope.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The language page's own example must pass: it is the public contract's smoke test. */
class LanguageExampleTest {

    @Test
    void languagePageExamplePassesEveryExpectation() throws Exception {
        Path example = TestFiles.fixture("spec/language-example.dax");
        ScenarioRunner runner = new ScenarioRunner(ScenarioFiles.load(example));
        List<StepResult> results = new ArrayList<>();
        while (runner.hasNext()) {
            results.add(runner.step());
        }
        assertThat(results).hasSize(21);
        assertThat(results).filteredOn(StepResult::failed).isEmpty();
        assertThat(results).filteredOn(r -> r.pass() != null).hasSize(21);
    }
}
