package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code daxscope list} on a machine with no device-DAX: daxctl's empty stdout, and the reason on stderr. */
class ListEmptyMachineTest {

    private static Path machineWithoutDax(Path tmp, String iomem) throws Exception {
        Files.createDirectories(tmp.resolve("sys/bus/dax/devices"));
        Files.writeString(tmp.resolve("sys/bus/dax/drivers_autoprobe"), "1\n");
        Files.createDirectories(tmp.resolve("sys/devices/system/memory"));
        Files.createDirectories(tmp.resolve("proc"));
        Files.writeString(tmp.resolve("proc/iomem"), iomem);
        return tmp;
    }

    @Test
    void aSoftReservedRangeWithoutDaxHmemIsNamedAsTheReason(@TempDir Path tmp) throws Exception {
        Path m = machineWithoutDax(tmp, "00000000-00000fff : Reserved\n100000000-13fffffff : Soft Reserved\n");
        Cli.Run run = Cli.run("list", "--sysfs-root", m.resolve("sys").toString(), "--procfs-root", m.resolve("proc").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("has no device-DAX").contains("dax_hmem is not loaded")
                .doesNotContain("no Soft Reserved range");
    }

    @Test
    void noSoftReservedRangeIsTheUsualReason(@TempDir Path tmp) throws Exception {
        Path m = machineWithoutDax(tmp, "00100000-bfffffff : System RAM\n");
        Cli.Run run = Cli.run("list", "--sysfs-root", m.resolve("sys").toString(), "--procfs-root", m.resolve("proc").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("has no device-DAX").contains("no Soft Reserved range").contains("EFI_MEMORY_SP");
    }

    @Test
    void aMachineWithDevicesGetsNoExplanation() throws Exception {
        Path sys = TestFiles.realCapture("hmem-two-devices").resolve("sys");
        Cli.Run run = Cli.run("list", "--sysfs-root", sys.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("dax0.0");
        assertThat(run.err()).doesNotContain("device-DAX");
    }
}
