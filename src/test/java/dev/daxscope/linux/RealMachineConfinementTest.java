package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security cases for {@code run --target linux}, on an exported sysfs tree and temp
 * files (never the real /sys): statements reach only the device-DAX trees and /dev/dax (or
 * --allow-file), nothing changes the machine without --allow-write, writes replace the file as
 * {@code echo X >} does, and the audit log names the real path and fails closed.
 */
class RealMachineConfinementTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;
    private Path sys;
    private Path backing;

    @BeforeEach
    void machine() throws Exception {
        assertThat(Cli.run("sim", "export-sysfs", tmp.resolve("m").toString()).exit()).isZero();
        sys = tmp.resolve("m/sys");
        backing = tmp.resolve("backing");
        byte[] ones = new byte[8192];
        Arrays.fill(ones, (byte) 0x11);
        Files.write(backing, ones);
    }

    private List<JsonNode> run(String script, String... options) throws Exception {
        Path file = tmp.resolve("t.dax");
        Files.writeString(file, script);
        List<String> args = new ArrayList<>(List.of("run", "--target", "linux", "--sysfs-root", sys.toString(), "--json",
                "--continue", "--audit-log", tmp.resolve("audit.log").toString()));
        args.addAll(List.of(options));
        args.add(file.toString());
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        assertThat(r.err()).doesNotContain("Exception");
        return r.out().lines().map(JSON::readTree).filter(row -> row.has("statement")).toList();
    }

    private static void assertAllPass(List<JsonNode> rows) {
        for (JsonNode row : rows) {
            assertThat(row.get("pass").asBoolean()).as(row.toString()).isTrue();
        }
    }

    @Test
    void withoutAllowWriteAStoreThroughASharedWritableMappingChangesNothing() throws Exception {
        List<JsonNode> rows = run("""
                spawn P
                P open %s as F
                P mmap F len=8K as A
                P write A
                P touch A len=8K write
                P read A+0x1000
                """.formatted(backing), "--allow-file", backing.toString());
        assertThat(rows.get(3).get("result").asString()).isEqualTo("SKIP");
        assertThat(rows.get(3).get("detail").asString()).contains("--allow-write");
        assertThat(rows.get(4).get("result").asString()).isEqualTo("SKIP");
        assertThat(rows.get(5).get("pass").asBoolean()).isTrue();
        byte[] after = Files.readAllBytes(backing);
        for (byte b : after) {
            assertThat(b).isEqualTo((byte) 0x11);
        }
        assertThat(tmp.resolve("audit.log")).doesNotExist();
    }

    @Test
    void withAllowWriteAStoreIsMadeAndAuditedUnderTheFilesRealPath() throws Exception {
        Path link = tmp.resolve("link-to-backing");
        Files.createSymbolicLink(link, backing);
        List<JsonNode> rows = run("""
                spawn P
                P open %s as F
                P mmap F len=8K as A
                P write A+0x1000
                """.formatted(link), "--allow-write", "--allow-file", backing.toString());
        assertAllPass(rows);
        assertThat(Files.readAllBytes(backing)[0x1000]).isEqualTo((byte) 0x5a);
        String audit = Files.readString(tmp.resolve("audit.log"));
        assertThat(audit).contains("\t" + backing.toRealPath() + "\tstore 0x5a").contains("from offset 4096").contains("\tok");
    }

    /** As the kernel answers (the fidelity corpus found both on 6.18): no such device is ENOENT; a shared writable mapping of a file the script opened read-only is EACCES (R42). */
    @Test
    void aMissingDeviceIsEnoentAndAReadOnlyOpenRefusesASharedWritableMapping() throws Exception {
        Files.createDirectories(sys.resolve("kernel/mm/numa"));
        Files.writeString(sys.resolve("kernel/mm/numa/demotion_enabled"), "false\n");
        List<JsonNode> rows = run("""
                spawn P
                P open /dev/dax9.9 as G => ENOENT
                P open %s ro as F
                P mmap F len=8K as A => EACCES
                P mmap F len=8K ro as B => ok
                read /sys/kernel/mm/numa/demotion_enabled => "false"
                """.formatted(backing), "--allow-write", "--allow-file", backing.toString());
        assertAllPass(rows);
    }

    @Test
    void openTakesOnlyDeviceDaxAndTheAllowedFiles() throws Exception {
        List<JsonNode> rows = run("""
                spawn P
                P open /etc/hostname ro as F => EPERM
                P open /proc/self/mem as G => EPERM
                P open %s as H => EPERM
                """.formatted(backing), "--allow-write");
        assertAllPass(rows);
        assertThat(rows.get(1).get("detail").asString()).contains("/dev/daxX.Y").contains("--allow-file");
    }

    @Test
    void readAndWriteReachOnlyTheDeviceDaxMemoryNodeAndCxlTrees() throws Exception {
        Path outside = tmp.resolve("outside");
        Files.writeString(outside, "secret\n");
        Files.createDirectories(sys.resolve("kernel"));
        Files.writeString(sys.resolve("kernel/knob"), "0\n");
        Files.createSymbolicLink(sys.resolve("bus/dax/escape"), outside);
        Files.createSymbolicLink(sys.resolve("devices/system/memory/knob"), sys.resolve("kernel/knob"));
        List<JsonNode> rows = run("""
                read /etc/hostname => EPERM
                read /sys/../../outside => EPERM
                write /sys/../../outside X => EPERM
                write /tmp/f X => EPERM
                write /sys/bus/dax/escape X => EPERM
                read /sys/kernel/knob => EPERM
                write /sys/devices/system/memory/knob 1 => EPERM
                read /sys/devices/system/memory/block_size_bytes => "8000000"
                read /sys/bus/dax/devices/dax0.1/../dax_region/id => "0"
                read /sys/bus/cxl/devices/region2/mode => "ram"
                read /sys/bus/dax/devices/dax9.9/size => ENOENT
                """, "--allow-write");
        assertAllPass(rows);
        assertThat(rows.get(1).get("detail").asString()).contains("outside the sysfs root");
        assertThat(Files.readString(outside)).isEqualTo("secret\n");
        assertThat(Files.readString(sys.resolve("kernel/knob"))).isEqualTo("0\n");
        assertThat(Files.readString(tmp.resolve("audit.log"))).contains("/sys/bus/dax/escape\tX\\n\tEPERM");
    }

    @Test
    void aWriteReplacesTheFileAsEchoDoesAndTheAuditNamesTheRealPathAndUser() throws Exception {
        List<JsonNode> rows = run("write /sys/bus/dax/devices/dax0.2/align 4096\n", "--allow-write");
        assertAllPass(rows);
        Path real = sys.resolve("bus/dax/devices/dax0.2/align").toRealPath();
        assertThat(real.toString()).contains("/devices/platform/");
        assertThat(Files.readString(real)).isEqualTo("4096\n");
        assertThat(Files.readString(tmp.resolve("audit.log"))).contains("\t" + real + "\t4096\\n\tok")
                .contains(System.getProperty("user.name") + "(uid ");
    }

    @Test
    void whenTheAuditLogCannotBeWrittenTheWriteIsRefusedAndNothingChanges() throws Exception {
        Path notADirectory = tmp.resolve("state");
        Files.writeString(notADirectory, "a file where the log's directory should be\n");
        Path align = sys.resolve("bus/dax/devices/dax0.2/align").toRealPath();
        String before = Files.readString(align);
        Path script = tmp.resolve("w.dax");
        Files.writeString(script, "write /sys/bus/dax/devices/dax0.2/align 4096\n");
        Cli.Run r = Cli.run("run", "--target", "linux", "--sysfs-root", sys.toString(), "--allow-write", "--audit-log",
                notADirectory.resolve("audit.log").toString(), script.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("EPERM").contains("audit log").contains("not touched");
        assertThat(Files.readString(align)).isEqualTo(before);
    }
}
