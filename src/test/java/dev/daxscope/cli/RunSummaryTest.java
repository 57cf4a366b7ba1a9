package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The edges of {@code daxscope run}: a byte-order mark is not part of a script, a script with
 * nothing in it is malformed, every run ends with a summary, and a real machine that skipped
 * everything has checked nothing.
 */
class RunSummaryTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MIXED = """
            region RA dynamic start=0x100000000 size=1G
            say "one of each"
            write @RA/create 1 => ok
            read @RA/seed
            write @RA/create 2 => ok
            """;

    @Test
    void aUtf8ByteOrderMarkAtTheStartIsSkipped(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bom.dax");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "region RA dynamic start=0x100000000 size=1G => ok\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(text, 0, all, bom.length, text.length);
        Files.write(f, all);
        Cli.Run r = Cli.run("run", f.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith(f + ":1: region RA").contains("PASS");
    }

    @Test
    void aScriptWithNoStatementsIsMalformed(@TempDir Path dir) throws Exception {
        for (String text : List.of("", "\n\n", "# only a comment\n   \n")) {
            Path f = Files.writeString(dir.resolve("empty.dax"), text);
            Cli.Run r = Cli.run("run", f.toString());
            assertThat(r.exit()).as("'%s'", text).isEqualTo(2);
            assertThat(r.err()).isEqualTo(f + ":1:1: nothing to run: the script has no statements\n");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void eachFileEndsWithASummaryLineAndSeveralFilesWithATotal(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.dax"), MIXED);
        Path b = Files.writeString(dir.resolve("b.dax"), "region RB dynamic start=0x100000000 size=1G\n");
        Cli.Run r = Cli.run("run", "--continue", a.toString(), b.toString());
        assertThat(r.exit()).isEqualTo(1);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).contains(a + ": 5 statements: 2 passed, 1 failed, 0 skipped, 2 with nothing to check",
                b + ": 1 statements: 1 passed, 0 failed, 0 skipped");
        assertThat(lines.getLast()).isEqualTo("total: 6 statements: 3 passed, 1 failed, 0 skipped, 2 with nothing to check");
        Cli.Run one = Cli.run("run", b.toString());
        assertThat(one.out().lines().toList().getLast()).isEqualTo(b + ": 1 statements: 1 passed, 0 failed, 0 skipped");
        assertThat(one.out()).doesNotContain("total:");
    }

    @Test
    void jsonEndsWithSummaryObjectsTheLastForAllFiles(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.dax"), MIXED);
        Cli.Run r = Cli.run("run", "--json", a.toString());
        List<String> lines = r.out().lines().toList();
        JsonNode file = JSON.readTree(lines.get(lines.size() - 2)).get("summary");
        JsonNode total = JSON.readTree(lines.getLast()).get("summary");
        assertThat(file.get("file").asString()).isEqualTo(a.toString());
        assertThat(total.get("file").isNull()).isTrue();
        for (JsonNode s : List.of(file, total)) {
            assertThat(s.get("statements").asInt()).isEqualTo(5);
            assertThat(s.get("passed").asInt()).isEqualTo(2);
            assertThat(s.get("failed").asInt()).isEqualTo(1);
            assertThat(s.get("skipped").asInt()).isZero();
            assertThat(s.get("unchecked").asInt()).as("the say and the read").isEqualTo(2);
            assertThat(s.get("not_run").asInt()).isZero();
        }
    }

    @Test
    void aRealMachineRunThatSkippedEverythingFailsAndSaysSo(@TempDir Path dir) throws Exception {
        Path sys = Files.createDirectories(dir.resolve("sys"));
        Path f = Files.writeString(dir.resolve("sim-only.dax"), """
                kernel 6.16
                memory block=128M auto_online=offline
                say "nothing here runs on a real machine"
                """);
        Cli.Run r = Cli.run("run", "--target", "linux", "--sysfs-root", sys.toString(), f.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains(f + ": 3 statements: 0 passed, 0 failed, 2 skipped, 1 with nothing to check\n");
        assertThat(r.err()).contains(f + ": every statement was skipped").contains("nothing was checked");
        Path g = Files.writeString(dir.resolve("some.dax"), "kernel 6.16\nread /sys/bus/dax/uevent => ENOENT\n");
        Cli.Run some = Cli.run("run", "--target", "linux", "--sysfs-root", sys.toString(), g.toString());
        assertThat(some.exit()).as(some.out() + some.err()).isZero();
        assertThat(some.err()).isEmpty();
    }
}
