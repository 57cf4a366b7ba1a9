package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.cli.Cli;
import dev.daxscope.model.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** capture, diff, sim import-sysfs and guarded writes, on captures and exported trees. */
class SnapshotCommandsTest {

    @ParameterizedTest
    @ValueSource(strings = {"hmem-two-devices", "hmem-initial-6.12", "pmem-2m-system-ram", "pmem-4k-6.12", "hmem-unbound"})
    void importSysfsRebuildsTheCapturedMachine(String fixture, @TempDir Path tmp) throws Exception {
        Path sys = TestFiles.realCapture(fixture).resolve("sys");
        Cli.Run imp = Cli.run("sim", "import-sysfs", sys.toString(), "--kernel", fixture.endsWith("6.12") ? "6.12" : "6.1");
        assertThat(imp.exit()).as(imp.err()).isZero();
        Path script = tmp.resolve("copy.dax");
        Files.writeString(script, imp.out());
        Cli.Run fromCopy = Cli.run("list", "--machine", script.toString(), "-RDMi");
        Cli.Run fromCapture = Cli.run("list", "--sysfs-root", sys.toString(), "-RDMi");
        assertThat(fromCopy.exit()).as(fromCopy.err()).isZero();
        assertThat(fromCopy.out()).isEqualTo(fromCapture.out());
    }

    @Test
    void captureOfAnExportedTreeListsTheSameAndPacksToTarGz(@TempDir Path tmp) throws Exception {
        assertThat(Cli.run("sim", "export-sysfs", tmp.resolve("machine").toString()).exit()).isZero();
        Path sys = tmp.resolve("machine/sys");
        Path proc = tmp.resolve("machine/proc");
        Cli.Run dir = Cli.run("capture", "--out", tmp.resolve("cap").toString(), "--sysfs-root", sys.toString(),
                "--procfs-root", proc.toString());
        assertThat(dir.exit()).as(dir.err()).isZero();
        assertThat(Files.readAllLines(tmp.resolve("cap/MODES"))).contains("sys/bus/dax/drivers/device_dax/bind 0200");
        assertThat(Files.exists(tmp.resolve("cap/proc/iomem"))).isTrue();
        String original = Cli.run("list", "--sysfs-root", sys.toString(), "-RDMi").out();
        assertThat(Cli.run("list", "--sysfs-root", tmp.resolve("cap/sys").toString(), "-RDMi").out()).isEqualTo(original);
        Cli.Run packed = Cli.run("capture", "--out", tmp.resolve("cap.tar.gz").toString(), "--sysfs-root", sys.toString(),
                "--procfs-root", proc.toString());
        assertThat(packed.exit()).as(packed.err()).isZero();
        Cli.Run same = Cli.run("diff", tmp.resolve("cap").toString(), tmp.resolve("cap.tar.gz").toString());
        assertThat(same.exit()).as(same.out() + same.err()).isZero();
        assertThat(same.out()).isEmpty();
    }

    @Test
    void diffNamesWhatChangedBetweenTwoCaptures() {
        Path before = TestFiles.realCapture("hmem-initial");
        Path after = TestFiles.realCapture("hmem-two-devices");
        Cli.Run r = Cli.run("diff", before.toString(), after.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("+ dax0.1").contains("~ dax0.0 size 536870912 -> 268435456")
                .contains("~ region 0 available_size");
        Cli.Run bad = Cli.run("diff", before.toString(), "/nonexistent");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("/nonexistent");
    }

    @Test
    void writesReportTheKernelsErrnoAndAreAudited(@TempDir Path tmp) throws Exception {
        Path sys = tmp.resolve("sys");
        Files.createDirectories(sys.resolve("bus/dax/devices/dax0.0"));
        Path size = sys.resolve("bus/dax/devices/dax0.0/size");
        Files.writeString(size, "0\n");
        Path audit = tmp.resolve("state/audit.log");
        SysfsWriter w = new SysfsWriter(sys, audit);
        assertThat(w.write("/sys/bus/dax/devices/dax0.0/size", "2097152\n").isOk()).isTrue();
        assertThat(Files.readString(size)).isEqualTo("2097152\n");
        Outcome missing = w.write("/sys/bus/dax/devices/dax9.9/size", "1\n");
        assertThat(missing.token()).isEqualTo("ENOENT");
        assertThat(SysfsWriter.fromMessage("write failed: Device or resource busy").name()).isEqualTo("EBUSY");
        assertThat(SysfsWriter.fromMessage("No space left on device").name()).isEqualTo("ENOSPC");
        var lines = Files.readAllLines(audit);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("/sys/bus/dax/devices/dax0.0/size").contains("2097152\\n").endsWith("\tok");
        assertThat(lines.get(1)).contains("ENOENT");
    }
}
