package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.model.IomemRange;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /proc/iomem: the device-DAX ranges, from real captures and the simulator, and what a non-root reader sees. */
class IomemTest {

    @Test
    void aCapturedPmemMachineShowsItsRegionNamespaceDeviceAndKmemRam() throws Exception {
        String iomem = Files.readString(TestFiles.realCapture("pmem-2m-system-ram-6.12").resolve("proc/iomem"));
        assertThat(IomemRange.daxRanges(iomem)).containsExactly(
                new IomemRange(0x40000000L, 0x5fffffffL, "Persistent Memory (legacy)", 0),
                new IomemRange(0x40000000L, 0x409fffffL, "namespace0.0", 1),
                new IomemRange(0x48000000L, 0x5fffffffL, "dax0.0", 1),
                new IomemRange(0x48000000L, 0x5fffffffL, "System RAM (kmem)", 2));
    }

    @Test
    void zeroAddressesAreSaidToNeedRoot(@TempDir Path tmp) throws Exception {
        SimulatedSource.demo().exportSysfs(tmp);
        Files.writeString(tmp.resolve("proc/iomem"), "00000000-00000000 : System RAM\n00000000-00000000 : Soft Reserved\n"
                + "  00000000-00000000 : hmem.0\n    00000000-00000000 : dax0.0\n");
        var snapshot = new LinuxSource(tmp.resolve("sys"), "tree").snapshot();
        assertThat(snapshot.iomem()).extracting(IomemRange::name).containsExactly("Soft Reserved", "hmem.0", "dax0.0");
        assertThat(IomemRange.addressesHidden(snapshot.iomem())).isTrue();
        assertThat(snapshot.warnings()).contains("/proc/iomem addresses read as zero: the kernel shows them to root only");
    }

    @Test
    void theSimulatorsIomemReadsBackThroughTheLinuxBackend(@TempDir Path tmp) throws Exception {
        SimulatedSource sim = SimulatedSource.demo();
        sim.exportSysfs(tmp);
        var read = new LinuxSource(tmp.resolve("sys"), "tree").snapshot();
        assertThat(read.iomem()).isNotEmpty().isEqualTo(sim.snapshot().iomem());
        assertThat(read.iomem()).extracting(IomemRange::name).contains("dax_region.0", "dax0.1", "CXL Window 2",
                "System RAM (kmem)");
        assertThat(IomemRange.addressesHidden(read.iomem())).isFalse();
    }
}
