package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daxscope.model.damon.DamonState.Region;
import dev.daxscope.model.damon.HeatSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** damo record files: raw JSON, damo's formatted strings, the default zlib-compressed JSON, and broken ones. */
class DamoRecordReaderTest {
    @TempDir
    Path dir;

    /** The same first snapshot as damo prints it without --raw: formatted strings. */
    static final String FORMATTED = """
            [{"intervals": {"sample": "5 ms", "aggr": "100 ms", "ops_update": "1 s"}, "target_id": "0",
              "snapshots": [{"start_time": "1.000 s", "end_time": "1.100 s",
                 "regions": [{"start": "4,096", "end": "8 KiB", "nr_accesses": {"samples": null, "percent": "100 %"},
                              "age": {"usec": "300 ms", "aggr_intervals": null}}]}]}]
            """;

    @Test
    void rawJsonWithDamosFakeRegionDropped() throws Exception {
        Path f = dir.resolve("damon.json");
        Files.writeString(f, DamoRecordReaderTestData.RAW);
        List<HeatSnapshot> snaps = DamoRecordReader.read(f);
        assertThat(snaps).hasSize(2);
        assertThat(snaps.getFirst().timeNs()).isEqualTo(1_100_000_000L);
        assertThat(snaps.getFirst().maxNrAccesses()).isEqualTo(20);
        assertThat(snaps.getFirst().hottestFirst()).containsExactly(new Region(4096, 8192, 20, 3), new Region(8192, 12288, 0, 9));
        assertThat(snaps.get(1).regions()).isEmpty();
    }

    @Test
    void formattedStringsReadAsTheSameNumbers() throws Exception {
        Path f = dir.resolve("damon.fmt.json");
        Files.writeString(f, FORMATTED);
        HeatSnapshot s = DamoRecordReader.read(f).getFirst();
        assertThat(s.sampleUs()).isEqualTo(5000);
        assertThat(s.aggrUs()).isEqualTo(100000);
        assertThat(s.timeNs()).isEqualTo(1_100_000_000L);
        assertThat(s.regions()).containsExactly(new Region(4096, 8192, 20, 3));
    }

    @Test
    void zlibCompressedJsonIsDamosDefault() throws Exception {
        Deflater d = new Deflater();
        d.setInput(DamoRecordReaderTestData.RAW.getBytes(StandardCharsets.UTF_8));
        d.finish();
        byte[] buf = new byte[8192];
        int n = d.deflate(buf);
        Path f = dir.resolve("damon.data");
        Files.write(f, java.util.Arrays.copyOf(buf, n));
        assertThat(DamoRecordReader.read(f).getFirst().regions()).hasSize(2);
        Files.write(f, java.util.Arrays.copyOf(buf, n / 2));
        assertThatThrownBy(() -> DamoRecordReader.read(f)).isInstanceOf(DamoRecordReader.Malformed.class)
                .hasMessage(f + ": the zlib stream ends early (a truncated damo record?)");
    }

    @Test
    void badFilesAreOneLineNamingWhereAndWhat() throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"snapshots\": []}");
        assertThatThrownBy(() -> DamoRecordReader.read(f)).hasMessage(f + ": a damo record is a JSON list of records; this is object");
        Files.writeString(f, DamoRecordReaderTestData.RAW.replace("\"end\": 8192", "\"end\": \"8 parsecs\""));
        assertThatThrownBy(() -> DamoRecordReader.read(f)).hasMessage(f + ": record 0 snapshot 0 region 0 end: unknown unit 'parsecs' in '8 parsecs'");
        Files.writeString(f, "[{\"snapshots\": [{\"end_time\": 1, \"regions\": [{\"start\": 9, \"end\": 3}]}]}]");
        assertThatThrownBy(() -> DamoRecordReader.read(f)).hasMessage(f + ": record 0 snapshot 0 region 0: end 3 is below start 9");
        Files.writeString(f, "[1, 2");
        assertThatThrownBy(() -> DamoRecordReader.read(f)).hasMessageStartingWith(f + ": not JSON (");
        assertThatThrownBy(() -> DamoRecordReader.read(dir.resolve("none"))).hasMessageStartingWith(dir.resolve("none") + ": cannot read (");
    }
}
