package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot edges: a .tar.gz that unpacks past the bound is refused
 * before it fills the disk; extraction folders a killed daxscope left are swept; list takes
 * --snapshot; diff never prints the reader's -1 as a value.
 */
class SnapshotEdgesTest {

    private static Path export(Path dir) {
        assertThat(Cli.run("sim", "export-sysfs", dir.toString()).exit()).isZero();
        return dir;
    }

    private static void tar(Path archive, Path dir) throws Exception {
        Process p = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", dir.toString(), ".").redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void anArchiveThatUnpacksPastTheBoundIsRefusedAndLeavesNothing(@TempDir Path tmp) throws Exception {
        Path machine = export(tmp.resolve("m"));
        // tar reads the sparse file's holes as zeros: 300 MiB in the stream, a few hundred KB packed
        try (RandomAccessFile f = new RandomAccessFile(machine.resolve("sys/zeros").toFile(), "rw")) {
            f.setLength(300L << 20);
        }
        Path bomb = tmp.resolve("bomb.tar.gz");
        tar(bomb, machine);
        assertThat(Files.size(bomb)).isLessThan(2L << 20);
        var before = extractionFolders();
        Cli.Run r = Cli.run("tiers", "--snapshot", bomb.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("daxscope tiers: " + bomb
                + " unpacks to more than 256 MiB, more than a capture holds; not unpacked");
        var left = extractionFolders();
        left.removeAll(before);
        assertThat(left).as("the partial extraction is removed").isEmpty();
    }

    @Test
    void listTakesASnapshotAndAKilledRunsFolderIsSwept(@TempDir Path tmp) throws Exception {
        Path machine = export(tmp.resolve("m"));
        Path packed = tmp.resolve("m.tar.gz");
        tar(packed, machine);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
                "daxscope-snapshot-" + gone.pid() + "-1234"));
        Files.writeString(stale.resolve("left"), "by a SIGKILLed serve\n");
        Path live = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
                "daxscope-snapshot-" + ProcessHandle.current().pid() + "-5678"));
        try {
            assertThat(Cli.run("tiers", "--snapshot", packed.toString()).exit()).isZero();
            assertThat(stale).as("a dead process's extraction folder").doesNotExist();
            assertThat(live).as("a running process's").exists();
            Cli.Run r = Cli.run("list", "--snapshot", packed.toString(), "-D");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("\"chardev\":\"dax0.1\"");
            assertThat(Cli.run("list", "--snapshot", machine.toString(), "-D").out()).isEqualTo(r.out());
        } finally {
            dev.daxscope.source.AtomicOutput.deleteTree(stale);
            dev.daxscope.source.AtomicOutput.deleteTree(live);
        }
    }

    @Test
    void diffSaysUnreadableRatherThanMinusOne(@TempDir Path tmp) throws Exception {
        Path a = export(tmp.resolve("a"));
        Path b = export(tmp.resolve("b"));
        Path meminfo = b.resolve("sys/devices/system/node/node0/meminfo");
        Files.writeString(meminfo, "garbage\n");
        Cli.Run r = Cli.run("diff", a.toString(), b.toString());
        assertThat(r.out()).contains("~ node0 MemTotal ").contains(" -> (unreadable)").doesNotContain("-> -1");
    }

    private static java.util.Set<Path> extractionFolders() throws Exception {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("daxscope-snapshot"))
                    .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        }
    }
}
