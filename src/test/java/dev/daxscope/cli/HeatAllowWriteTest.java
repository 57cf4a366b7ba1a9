package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heat --allow-write} on a sysfs tree on disk (never this machine's): DAMON_STAT is paused
 * only when the person says so, and a kdamond that cannot be set up leaves the tree as it found it,
 * each write in the audit log.
 */
class HeatAllowWriteTest {
    @TempDir
    Path dir;

    private Path sys() throws IOException {
        Path sys = dir.resolve("sys");
        Path kdamonds = Files.createDirectories(sys.resolve("kernel/mm/damon/admin/kdamonds/0"));
        Files.writeString(kdamonds.resolveSibling("nr_kdamonds"), "1\n");
        Files.writeString(kdamonds.resolve("state"), "off\n");
        Path stat = Files.createDirectories(sys.resolve("module/damon_stat/parameters"));
        Files.writeString(stat.resolve("enabled"), "Y\n");
        Files.writeString(Files.createDirectories(sys.resolve("devices/system/memory")).resolve("block_size_bytes"), "8000000\n");
        Files.writeString(Files.createDirectories(sys.resolve("devices/system/node/node1/memory32")).resolve("state"), "online\n");
        return sys;
    }

    @Test
    void damonStatIsNotPausedUnlessAskedAndNothingIsWritten() throws IOException {
        Path sys = sys();
        Path audit = dir.resolve("audit.log");
        Cli.Run r = Cli.run("heat", "--allow-write", "--node", "1", "--seconds", "1", "--sysfs-root", sys.toString(),
                "--audit-log", audit.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("DAMON_STAT holds DAMON and was not paused", "--pause-damon-stat");
        assertThat(Files.readString(sys.resolve("module/damon_stat/parameters/enabled"))).isEqualTo("Y\n");
        assertThat(Files.readString(sys.resolve("kernel/mm/damon/admin/kdamonds/nr_kdamonds"))).isEqualTo("1\n");
        assertThat(audit).doesNotExist();
    }

    @Test
    void aKdamondThatCannotBeSetUpLeavesTheTreeAsItWasAndEveryWriteIsAudited() throws IOException {
        Path sys = sys();
        Path audit = dir.resolve("audit.log");
        // A tree on disk is not a kernel: nr_kdamonds makes no kdamonds/1, so the set-up fails there.
        Cli.Run r = Cli.run("heat", "--allow-write", "--pause-damon-stat", "--node", "1", "--seconds", "1", "--sysfs-root",
                sys.toString(), "--audit-log", audit.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("no monitor started", "kdamonds/1/contexts/nr_contexts");
        assertThat(Files.readString(sys.resolve("module/damon_stat/parameters/enabled"))).isEqualTo("Y\n");
        assertThat(Files.readString(sys.resolve("kernel/mm/damon/admin/kdamonds/nr_kdamonds"))).isEqualTo("1\n");
        assertThat(Files.readString(sys.resolve("kernel/mm/damon/admin/kdamonds/0/state"))).isEqualTo("off\n");
        assertThat(Files.readString(audit)).contains("damon_stat/parameters/enabled", "nr_kdamonds", "kdamonds/1/contexts/nr_contexts");
    }

    @Test
    void allowWriteNeedsANodeAndARealTree() throws IOException {
        Cli.Run r = Cli.run("heat", "--allow-write", "--sysfs-root", sys().toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--allow-write needs --node N");
    }
}
