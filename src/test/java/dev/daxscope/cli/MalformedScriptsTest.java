package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated corpus of malformed scripts: each gives exit 2 and FILE:LINE:COLUMN with a reason,
 * never a stack trace, and nothing runs.
 */
class MalformedScriptsTest {
    private static final String PRELUDE = "region RA dynamic start=0x100000000 size=1G\nwrite @RA/create 1\nspawn P\n"
            + "P open /dev/dax0.1 as F\n";

    /** Each entry: the bad line (appended after a valid prelude) and the column we expect to be named. */
    static List<String[]> corpus() {
        List<String[]> c = new ArrayList<>();
        String[][] fixed = {
            {"region RB dynamic start=0xZZ size=1G", "25"},
            {"region RB dynamic start=0x200000000 size=12Q", "42"},
            {"region RB dynamic start=0x200000000 size=99999999999999999999", "42"},
            {"region RB dynamic start=0x200000000 size=16777216T", "42"},
            {"region RB dynamic start=0x200000000", "1"},
            {"region RB flash start=0x200000000 size=1G", "11"},
            {"region RB dynamic start=0x200000000 size=1G colour=red", "45"},
            {"region RA dynamic start=0x200000000 size=1G", "8"},
            {"region kernel dynamic start=0x200000000 size=1G", "8"},
            {"region RB pmem start=0x200000000 size=1G idle", "1"},
            {"kernel 6.16", "1"},
            {"memory block=128M", "1"},
            {"read", "5"},
            {"read sys/bus/dax", "6"},
            {"read @NOPE/size", "7"},
            {"read @P/size", "7"},
            {"write /sys/bus/dax/devices/dax0.1/size", "39"},
            {"write /sys/bus/dax/devices/dax0.1/size 1 2", "42"},
            {"bind dax0.1", "12"},
            {"bind dax0.1 nvme", "13"},
            {"user admin", "6"},
            {"remove region", "14"},
            {"remove region NOPE", "15"},
            {"remove device RA", "8"},
            {"poison", "7"},
            {"poison 0xZZ", "8"},
            {"poison 0x1000 by Q", "18"},
            {"say", "4"},
            {"pause now", "7"},
            {"check all", "7"},
            {"spawn", "6"},
            {"spawn P", "7"},
            {"spawn mmap", "7"},
            {"Q read A", "1"},
            {"P", "2"},
            {"P fly", "3"},
            {"P open /dev/dax0.1", "3"},
            {"P open /dev/dax0.1 as", "20"},
            {"P open /dev/dax0.1 rw ro as G", "3"},
            {"P open /dev/dax0.1 as G H", "25"},
            {"P mmap F as A", "3"},
            {"P mmap F len=2M", "3"},
            {"P mmap G len=2M as A", "8"},
            {"P mmap F len=2M shared private as A", "3"},
            {"P mmap F len=two as A", "14"},
            {"P read", "7"},
            {"P read NOWHERE", "8"},
            {"P read F", "8"},
            {"P read P+0x1000", "8"},
            {"P touch F len=4K", "9"},
            {"P munmap 0x1000", "3"},
            {"P release F", "11"},
            {"P close X", "9"},
            {"P prctl mce-kill sometimes", "18"},
            {"P prctl nice 5", "9"},
            {"P fork P", "8"},
            {"folio dax0.1", "1"},
            {"folio dax0.1 pgoff=lots", "20"},
            {"rss", "4"},
            {"rss F", "5"},
            {"read /sys/bus/dax/devices/dax0.1/size => \"unterminated", "42"},
            {"read /sys/bus/dax/devices/dax0.1/size => EWHATEVER", "42"},
            {"read /sys/bus/dax/devices/dax0.1/size =>", "39"},
            {"=> ok", "1"},
            {"write /sys/bus/dax/devices/dax0.1/size 0 => ref=1", "45"},
            {"folio dax0.1 pgoff=0 => ok", "25"},
            {"folio dax0.1 pgoff=0 => rss=2M", "25"},
            {"rss P => ref=1", "10"},
            {"P read F => \"text\"", "8"},
            {"P read 0x1000 => SIGFOO", "18"},
            {"P read 0x1000 => SIGBUS SIGBUS", "25"},
            {"signals P => SIGBUS:WHATEVER", "14"},
            {"say \"bad \\q escape\"", "10"},
            {"say \"glued\"quote", "12"},
            {"say mid\"quote", "8"},
            {"write /sys/bus/dax/devices/dax0.1/size \u0001\u0002", "40"},
        };
        for (String[] f : fixed) {
            c.add(f);
        }
        return c;
    }

    @Test
    void everyMalformedScriptExitsTwoWithItsLocationAndNoStackTrace(@TempDir Path dir) throws Exception {
        List<String[]> corpus = corpus();
        assertThat(corpus.size()).isGreaterThanOrEqualTo(50);
        int prelude = PRELUDE.split("\n").length;
        for (int i = 0; i < corpus.size(); i++) {
            Path f = dir.resolve("bad" + i + ".dax");
            Files.writeString(f, PRELUDE + corpus.get(i)[0] + "\n", StandardCharsets.UTF_8);
            Cli.Run r = Cli.run("run", f.toString());
            String where = f + ":" + (prelude + 1) + ":" + corpus.get(i)[1] + ": ";
            assertThat(r.exit()).as("exit of %s", corpus.get(i)[0]).isEqualTo(2);
            assertThat(r.err()).as("message for %s", corpus.get(i)[0]).startsWith(where);
            assertThat(r.out()).as("nothing runs for %s", corpus.get(i)[0]).isEmpty();
            assertNoStackTrace(r);
        }
    }

    @Test
    void binaryGarbageAndHugeLinesAreRefusedWithALocation(@TempDir Path dir) throws Exception {
        SplittableRandom rnd = new SplittableRandom(2026);
        for (int i = 0; i < 10; i++) {
            byte[] junk = new byte[4096];
            rnd.nextBytes(junk);
            Path f = dir.resolve("junk" + i + ".dax");
            Files.write(f, junk);
            Cli.Run r = Cli.run("run", f.toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).matches("(?s)" + java.util.regex.Pattern.quote(f.toString()) + ":\\d+:\\d+: .*");
            assertNoStackTrace(r);
        }
        Path huge = dir.resolve("huge.dax");
        Files.writeString(huge, "say " + "x".repeat(10 << 20) + " => EBADWORD\n");
        Cli.Run r = Cli.run("run", huge.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith(huge + ":1:").hasSizeLessThan(500);
        Path missing = dir.resolve("missing.dax");
        Cli.Run m = Cli.run("run", missing.toString());
        assertThat(m.exit()).isEqualTo(2);
        assertThat(m.err()).contains(missing.toString()).contains("cannot read");
        assertNoStackTrace(m);
    }

    @Test
    void allFilesAreParsedFirstAndEveryProblemIsReported(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.dax");
        Files.writeString(good, "region RA dynamic start=0x100000000 size=1G\n");
        Path bad1 = dir.resolve("bad1.dax");
        Files.writeString(bad1, "bogus\n");
        Path bad2 = dir.resolve("bad2.dax");
        Files.writeString(bad2, "\n\nregion RA dynamic size=1G\n");
        Cli.Run r = Cli.run("run", good.toString(), bad1.toString(), bad2.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(bad1 + ":1:1: ").contains(bad2 + ":3:");
    }

    private static void assertNoStackTrace(Cli.Run r) {
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).doesNotContain("Exception");
    }
}
