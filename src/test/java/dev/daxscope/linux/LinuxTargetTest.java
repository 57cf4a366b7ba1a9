package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.cli.Cli;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code run --target linux} against a sysfs tree on disk and this JVM's own mappings: region
 * lines are checked, not created; what cannot run reports SKIP (never PASS); writes need
 * --allow-write; accesses outside the script's mappings are refused before they could crash.
 */
class LinuxTargetTest {

    @Test
    void statementsRunForRealOrSkipWithAReason(@TempDir Path tmp) throws Exception {
        assertThat(Cli.run("sim", "export-sysfs", tmp.resolve("m").toString()).exit()).isZero();
        Path backing = tmp.resolve("backing");
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
            f.setLength(8192);
        }
        Path script = tmp.resolve("t.dax");
        Files.writeString(script, """
                kernel 6.1
                region D dynamic start=0x100000000 size=4G
                read @D/size => "4294967296"
                write /sys/bus/dax/devices/dax0.1/align 4096 => EBUSY
                folio dax0.1 pgoff=0 => ref=1
                spawn P
                spawn Q
                P open %s as F
                P mmap F len=8K as A
                P write A
                P read A+0x1000
                P read A+0x10000 => SIGSEGV:MAPERR
                P munmap A len=8K
                Q read A
                region X dynamic start=0x900000000 size=1G => ENODEV
                """.formatted(backing));
        Cli.Run r = Cli.run("run", "--target", "linux", "--sysfs-root", tmp.resolve("m/sys").toString(), "--json",
                "--continue", "--allow-file", backing.toString(), script.toString());
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> rows = r.out().lines().map(json::readTree).filter(n -> !n.has("summary")).toList();
        assertThat(rows).hasSize(15);
        assertThat(rows.get(0).get("result").asString()).isEqualTo("SKIP");
        assertThat(rows.get(1).get("pass").asBoolean()).isTrue();
        assertThat(rows.get(2).get("pass").asBoolean()).isTrue();
        assertThat(rows.get(3).get("result").asString()).isEqualTo("SKIP");
        assertThat(rows.get(3).get("detail").asString()).contains("--allow-write");
        assertThat(rows.get(4).get("result").asString()).isEqualTo("SKIP");
        assertThat(rows.get(4).get("pass").isNull()).isTrue();
        assertThat(rows.get(6).get("result").asString()).isEqualTo("SKIP");
        assertThat(rows.get(9).get("result").asString()).as("a store without --allow-write").isEqualTo("SKIP");
        for (int i : new int[] {7, 8, 10, 11, 12}) {
            assertThat(rows.get(i).get("pass").asBoolean()).as(rows.get(i).toString()).isTrue();
        }
        assertThat(rows.get(13).get("result").asString()).isEqualTo("SKIP");
        assertThat(rows.get(14).get("pass").asBoolean()).isTrue();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).doesNotContain("\"result\":\"SKIP\",\"expected\":\"ref=1\",\"pass\":true");
    }

    @Test
    void aScriptsWritesToARealSysfsGoToTheAuditLogAndWithoutAWriterAreRefused(@TempDir Path tmp) throws Exception {
        assertThat(Cli.run("sim", "export-sysfs", tmp.resolve("m").toString()).exit()).isZero();
        Path sys = tmp.resolve("m/sys");
        var script = dev.daxscope.scenario.ScenarioParser.parse("w.dax",
                "write /sys/bus/dax/devices/dax0.2/align 4096\n");
        Path audit = tmp.resolve("audit.log");
        var runner = new dev.daxscope.scenario.LinuxTargetRunner(script, sys, new SysfsWriter(sys, audit),
                java.util.Set.of());
        assertThat(runner.step().result()).isEqualTo("ok");
        assertThat(java.nio.file.Files.readString(audit)).contains(sys.resolve("bus/dax/devices/dax0.2/align").toRealPath()
                + "\t4096\\n\tok");
        var refused = new dev.daxscope.daxctl.RealSysfsAccess(sys, null).write("/sys/bus/dax/devices/dax0.2/align", "4096\n");
        assertThat(refused.token()).isEqualTo("EPERM");
    }

    @Test
    void aMappingSplitByMprotectIsStillOursToUnmapWhole(@TempDir Path tmp) throws Exception {
        Path backing = tmp.resolve("backing");
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
            f.setLength(3 * 4096);
        }
        Path script = tmp.resolve("split.dax");
        Files.writeString(script, """
                spawn P
                P open %s as F
                P mmap F len=12K as A
                P mprotect A+0x1000 len=4K ro => ok
                P read A+0x1000 => ok
                P munmap A len=12K => ok
                P read A => SIGSEGV:MAPERR
                """.formatted(backing));
        Cli.Run r = Cli.run("run", "--target", "linux", "--sysfs-root", tmp.toString(), "--json", "--continue",
                "--allow-file", backing.toString(), script.toString());
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> rows = r.out().lines().map(json::readTree).filter(n -> !n.has("summary")).toList();
        assertThat(rows).hasSize(7);
        for (JsonNode row : rows.subList(3, 7)) {
            assertThat(row.get("pass").asBoolean()).as(row.toString()).isTrue();
        }
    }

    /**
     * A script's process ends with the script: what it left mapped or open is released before the
     * next script runs in the same JVM, or a file of one script would keep a device's cdev for the
     * next (R11; the fidelity corpus runs every script in one JVM).
     */
    @Test
    void whatAScriptLeftOpenOrMappedIsReleasedWhenItEnds(@TempDir Path tmp) throws Exception {
        Path backing = tmp.resolve("backing");
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
            f.setLength(2 * 4096);
        }
        String real = backing.toRealPath().toString();
        var script = dev.daxscope.scenario.ScenarioParser.parse("leak.dax", """
                spawn P
                P open %1$s as F
                P mmap F len=8K as A
                P open %1$s as G
                P open %1$s as K
                P close K => ok
                """.formatted(real));
        var runner = new dev.daxscope.scenario.LinuxTargetRunner(script, tmp, null, java.util.Set.of(backing.toRealPath()));
        while (runner.hasNext()) {
            assertThat(runner.step().result()).isEqualTo("ok");
        }
        assertThat(openDescriptorsOf(real)).as("F and G are still open").isEqualTo(2);
        assertThat(Files.readString(Path.of("/proc/self/maps"))).contains(real);
        runner.finish();
        assertThat(openDescriptorsOf(real)).isZero();
        assertThat(Files.readString(Path.of("/proc/self/maps"))).doesNotContain(real);
    }

    private static long openDescriptorsOf(String file) throws java.io.IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(file);
                } catch (java.io.IOException e) {
                    return false; // the descriptor Files.list itself used, closed meanwhile
                }
            }).count();
        }
    }
}
