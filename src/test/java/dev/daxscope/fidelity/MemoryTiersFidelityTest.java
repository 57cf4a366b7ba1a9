package dev.daxscope.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Memory tiers in a real guest ({@code ./mvnw -Pfidelity verify}): devdax-vm's hmem guest on a
 * three-node machine whose Soft Reserved range is all of CPU-less node 2 (src/test/fidelity/hmat), with
 * and without HMAT figures, reconfigured to system-ram; the memory_tier nodelists the kernel
 * shows are compared with the simulator's for the same machine (the figures as the guest's
 * sysfs reported them). Needs root, QEMU and ../shared.
 */
@Tag("fidelity")
class MemoryTiersFidelityTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"6.1, figures", "6.1, no-figures", "6.12, figures", "6.12, no-figures"})
    void theSimulatorFormsTheTiersTheKernelFormed(String kernel, String figures) throws Exception {
        Path vm = FidelityFiles.shared("devdax-vm");
        Path out = Files.createTempDirectory("hmat-" + kernel + "-" + figures);
        ProcessBuilder pb = new ProcessBuilder("bash", TestFiles.project().resolve("src/test/fidelity/hmat/run-hmat-guest.sh").toString(),
                kernel, out.toString(), figures).redirectErrorStream(true).redirectOutput(out.resolve("run.log").toFile());
        // Another helper's QEMU may be running: the script waits for it rather than competing for the CPUs.
        pb.environment().put("WAIT_FOR_QEMU", "1");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.MINUTES)).isTrue();
        Path after = out.resolve("hmem/extra/after.txt");
        assertThat(after).as("see " + out.resolve("run.log") + " (" + vm + ")").exists();
        HmatGuest.assertSimulatorAgrees(kernel, figures.equals("figures"), Files.readString(after));
    }
}
