package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code daxscope heat}: the hot process's range first on a simulated CXL node, a devdax device not observable, damo records. */
class HeatCommandTest {
    @TempDir
    Path dir;

    private JsonNode heat(String... args) throws IOException {
        Path script = dir.resolve("m.dax");
        Files.writeString(script, HeatCommandTestMachine.TEXT);
        String[] all = new String[args.length + 4];
        all[0] = "heat";
        all[1] = "--json";
        all[2] = "--machine";
        all[3] = script.toString();
        System.arraycopy(args, 0, all, 4, args.length);
        Cli.Run r = Cli.run(all);
        assertThat(r.exit()).as(r.err()).isZero();
        return JsonMapper.builder().build().readTree(r.out());
    }

    @Test
    void theHotProcesssRangeRanksFirstOnItsCxlNode() throws IOException {
        JsonNode out = heat("--node", "1");
        assertThat(out.get("observable").asBoolean()).isTrue();
        JsonNode ranges = out.get("monitors").get(0).get("ranges");
        JsonNode first = ranges.get(0);
        assertThat(first.get("owners").get(0).asString()).startsWith("HOT (");
        assertThat(first.get("nr_accesses").asLong()).isEqualTo(20);
        assertThat(first.get("node").asInt()).isEqualTo(1);
        JsonNode last = ranges.get(ranges.size() - 1);
        assertThat(last.get("nr_accesses").asLong()).isZero();
        boolean coldOnlySeenIdle = true;
        for (JsonNode r : ranges) {
            if (r.get("owners").size() == 1 && r.get("owners").get(0).asString().startsWith("COLD")) {
                coldOnlySeenIdle &= r.get("nr_accesses").asLong() == 0;
            }
        }
        assertThat(coldOnlySeenIdle).isTrue();
    }

    @Test
    void aDevdaxDeviceIsNotObservableNotCold() throws IOException {
        JsonNode out = heat("--device", "dax1.0");
        assertThat(out.get("observable").asBoolean()).isFalse();
        assertThat(out.get("why_not").asString()).contains("devdax", "ZONE_DEVICE", "not observable by DAMON, not cold");
        assertThat(out.get("monitors").size()).isZero();
    }

    @Test
    void aDamoRecordImportsAndShows() throws IOException {
        Path rec = dir.resolve("damon.json");
        Files.writeString(rec, dev.daxscope.linux.DamoRecordReaderTestData.RAW);
        Cli.Run r = Cli.run("heat", "--record", rec.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("damo record target 0", "0x00000000001000-0x00000000002000", "nr_accesses 0..20");
    }

    @Test
    void badUseIsOneLine() {
        Cli.Run both = Cli.run("heat", "--node", "1", "--device", "dax0.0", "--machine", "x.dax");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err().strip()).startsWith("daxscope heat: give at most one").doesNotContain("\n");
        Cli.Run missing = Cli.run("heat", "--record", dir.resolve("none.json").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("daxscope heat: " + dir.resolve("none.json") + ": cannot read (").doesNotContain("\n");
    }

    /** The DAMON scenario's output (its figures included) is the same with one fault worker and with four. */
    @Test
    void workersDoNotChangeTheFigures() throws IOException {
        Path script = dir.resolve("w.dax");
        Files.writeString(script, HeatCommandTestMachine.TEXT
                + "read /sys/kernel/mm/damon/admin/kdamonds/0/contexts/0/schemes/0/tried_regions/0/nr_accesses\n"
                + "read /sys/kernel/mm/damon/admin/kdamonds/0/contexts/0/schemes/0/stats/sz_tried\n");
        Cli.Run one = Cli.run("run", "--json", "--workers", "1", script.toString());
        Cli.Run four = Cli.run("run", "--json", "--workers", "4", script.toString());
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(four.out()).isEqualTo(one.out()).contains("sz_tried");
    }
}
