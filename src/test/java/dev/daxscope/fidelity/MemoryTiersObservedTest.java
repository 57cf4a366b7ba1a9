package dev.daxscope.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulator against what real 6.1 and 6.12 guests showed for a CPU-less node made of a Soft
 * Reserved range, reconfigured to system-ram (src/test/fixtures/real/hmat-tiers-*: recorded by
 * src/test/fidelity/hmat/run-hmat-guest.sh; MemoryTiersFidelityTest boots the guests again). Runs
 * in every build and in the fidelity profile (tag "transcripts"), where the guests may not boot.
 */
@Tag("transcripts")
class MemoryTiersObservedTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"6.1, figures, memory_tier22", "6.12, figures, memory_tier18", "6.1, no-figures, memory_tier22", "6.12, no-figures, memory_tier22"})
    void theSimulatorPutsTheNodeInTheTierTheKernelDid(String kernel, String figures, String tier) throws Exception {
        Path after = TestFiles.project().resolve("src/test/fixtures/real/hmat-tiers-" + figures + "-" + kernel + "/after.txt");
        String text = Files.readString(after);
        assertThat(text).as("the recording itself").contains("/sys/devices/virtual/memory_tiering/" + tier + "/nodelist: 2");
        HmatGuest.assertSimulatorAgrees(kernel, figures.equals("figures"), text);
    }
}
