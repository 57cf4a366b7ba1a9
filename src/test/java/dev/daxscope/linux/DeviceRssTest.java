package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code rss P} and {@code smaps P ADDR} on a real kernel: the device share of RssFile is what this
 * JVM's own file mappings do not explain, and one mapping's smaps Rss is read from its block.
 */
class DeviceRssTest {
    private static final List<String> SMAPS = List.of(
            "55973b2c0000-55973b2c2000 r--p 00000000 fe:00 260131                     /usr/bin/java",
            "Size:                  8 kB",
            "Rss:                   8 kB",
            "Anonymous:             0 kB",
            "VmFlags: rd mr mw me",
            "7f0000000000-7f0000400000 rw-s 00000000 00:06 5                          /dev/dax0.0",
            "Rss:                4096 kB",
            "Anonymous:             0 kB",
            "7f0000600000-7f0000610000 rw-p 00002000 fe:00 99                         /usr/lib/libjvm.so",
            "Rss:                  64 kB",
            "Anonymous:            12 kB",
            "7f0000700000-7f0000702000 rw-s 00000000 00:1a 7                          /tmp/hsperfdata_root/42",
            "Rss:                   8 kB",
            "Anonymous:             0 kB",
            "7f0000800000-7f0000900000 rw-p 00000000 00:00 0 ",
            "Rss:                1024 kB",
            "Anonymous:          1024 kB",
            "7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0                          [vdso]",
            "Rss:                   8 kB",
            "Anonymous:             0 kB");

    @Test
    void fileMappingsOtherThanDeviceDaxExplainTheirOwnPages() {
        // java 8 + libjvm.so's 64 − 12 COW'd anonymous + the tmpfs hsperfdata file 8; not the
        // device, the anonymous heap or the inode-less vDSO
        assertThat(DeviceRss.nonDeviceFileKiB(SMAPS)).isEqualTo(8 + 52 + 8);
        assertThat(DeviceRss.fileAndShmemKiB(List.of("VmRSS:\t 9000 kB", "RssAnon:\t 100 kB", "RssFile:\t 4168 kB",
                "RssShmem:\t 8 kB"))).isEqualTo(4176);
    }

    @Test
    void smapsRssIsTheBlockOfTheMappingThatContainsTheAddress() {
        assertThat(DeviceRss.smapsRssKiB(SMAPS, 0x7f0000000000L)).isEqualTo(4096);
        assertThat(DeviceRss.smapsRssKiB(SMAPS, 0x7f00003fffffL)).isEqualTo(4096);
        assertThat(DeviceRss.smapsRssKiB(SMAPS, 0x7f0000600000L)).isEqualTo(64);
        assertThat(DeviceRss.smapsRssKiB(SMAPS, 0x7f0000400000L)).isEqualTo(-1);
    }

    /**
     * On this machine's kernel, with a regular file standing in for the device: touching two of its
     * pages changes that mapping's smaps Rss, but the device share of RssFile stays 0 however many
     * pages the JVM itself faults in meanwhile.
     */
    @Test
    void aScriptMeasuresItsOwnMappingsNotTheJvms(@TempDir Path tmp) throws Exception {
        // sparse (holes fault in one 4K folio each), not written: written page cache may be large folios
        Path backing = tmp.resolve("backing");
        try (var ch = java.nio.channels.FileChannel.open(backing, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(1), 64 * 1024 - 1);
        }
        Path script = Files.writeString(tmp.resolve("t.dax"), """
                spawn P
                P open %s as F
                P mmap F len=64K as A
                smaps P A => rss=0
                P write A
                P write A+0x8000
                smaps P A+0x4000 => rss=8K
                rss P => rss=0
                smaps P 0x1000 => EFAULT
                P munmap A len=64K
                rss P => rss=0
                """.formatted(backing));
        // the backing file is the one file besides /dev/daxX.Y the script may open, and its stores are audited
        Cli.Run r = Cli.run("run", "--target", "linux", "--json", "--continue", "--allow-write", "--allow-file",
                backing.toString(), "--audit-log", tmp.resolve("audit.log").toString(), script.toString());
        List<JsonNode> rows = r.out().lines().map(JsonMapper.builder().build()::readTree).filter(n -> n.has("line"))
                .toList();
        assertThat(rows).hasSize(11);
        for (int i : new int[] {3, 6, 7, 8, 10}) {
            assertThat(rows.get(i).get("pass").asBoolean()).as(rows.get(i).toString()).isTrue();
        }
        assertThat(rows.get(6).get("result").asString()).isEqualTo("rss=8K");
        assertThat(r.exit()).as(r.out()).isZero();
    }
}
