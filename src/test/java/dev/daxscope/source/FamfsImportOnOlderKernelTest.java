package dev.daxscope.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.source.sim.SimulatedSource;
import org.junit.jupiter.api.Test;

/**
 * A real 7.3 tree with a device bound to fsdev_dax, imported as a kernel without that driver
 * (found by the tree fuzz): the import warns that the device cannot be bound, instead of throwing.
 */
class FamfsImportOnOlderKernelTest {
    @Test
    void aFamfsDeviceImportedUnderAKernelWithoutFsdevDaxIsAWarningNotAnException() {
        SimulatedSource.Imported imported = SimulatedSource.importScript(
                TestFiles.realCapture("pmem-famfs-7.3").resolve("sys"), KernelProfile.V6_16);
        assertThat(imported.script()).isNotBlank();
        assertThat(imported.warnings()).anyMatch(w -> w.contains("fsdev_dax, a driver the chosen kernel does not have"));
    }
}
