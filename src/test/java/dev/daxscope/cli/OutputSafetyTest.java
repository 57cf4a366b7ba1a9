package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output safety: sim export-sysfs and capture never overwrite or merge into what
 * exists without --force (exit 2 naming it), never follow a symlink they did not make, and
 * replace atomically; a packed snapshot's extraction folder is gone once the command is done.
 */
class OutputSafetyTest {

    private static int devices(Path sys) {
        String out = Cli.run("list", "--sysfs-root", sys.toString(), "-Di").out();
        return (int) out.lines().filter(l -> l.contains("\"chardev\"")).count();
    }

    private static Path oneDeviceMachine(Path tmp) throws Exception {
        Path script = tmp.resolve("one.dax");
        Files.writeString(script, "region A pmem start=0x100000000 size=1G\n");
        return script;
    }

    @Test
    void exportSysfsRefusesToMergeIntoAnEarlierExportAndForceReplacesIt(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("m");
        assertThat(Cli.run("sim", "export-sysfs", dir.toString()).exit()).isZero();
        assertThat(devices(dir.resolve("sys"))).isEqualTo(5);
        Cli.Run again = Cli.run("sim", "export-sysfs", dir.toString(), "--machine", oneDeviceMachine(tmp).toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains(dir + " already exists (a directory)").contains("--force");
        assertThat(devices(dir.resolve("sys"))).isEqualTo(5);
        Cli.Run forced = Cli.run("sim", "export-sysfs", dir.toString(), "--machine", oneDeviceMachine(tmp).toString(),
                "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(devices(dir.resolve("sys"))).as("replaced, not merged").isEqualTo(1);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary left behind")
                    .containsExactlyInAnyOrder("m", "one.dax");
        }
    }

    @Test
    void aPlantedSymlinkIsNeverFollowed(@TempDir Path tmp) throws Exception {
        Path elsewhere = tmp.resolve("elsewhere");
        Files.writeString(elsewhere, "precious\n");
        Path dir = tmp.resolve("m");
        assertThat(Cli.run("sim", "export-sysfs", dir.toString()).exit()).isZero();
        Files.delete(dir.resolve("MODES"));
        Files.createSymbolicLink(dir.resolve("MODES"), elsewhere);
        Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(tmp.resolve("victim/file"), "keep\n");
        Path linkDir = tmp.resolve("link");
        Files.createSymbolicLink(linkDir, tmp.resolve("victim"));

        Cli.Run intoLink = Cli.run("sim", "export-sysfs", linkDir.toString());
        assertThat(intoLink.exit()).isEqualTo(2);
        assertThat(intoLink.err()).contains("a symlink (it is not followed)");
        Cli.Run replaced = Cli.run("sim", "export-sysfs", linkDir.toString(), "--force");
        assertThat(replaced.exit()).as(replaced.err()).isZero();
        assertThat(Files.isSymbolicLink(linkDir)).as("the link itself was replaced").isFalse();
        assertThat(tmp.resolve("victim")).isDirectoryContaining(p -> p.getFileName().toString().equals("file"));
        try (Stream<Path> victim = Files.list(tmp.resolve("victim"))) {
            assertThat(victim.count()).as("nothing written through the link").isEqualTo(1);
        }

        assertThat(Cli.run("sim", "export-sysfs", dir.toString()).exit()).isEqualTo(2);
        Cli.Run planted = Cli.run("sim", "export-sysfs", dir.toString(), "--force");
        assertThat(planted.exit()).as("a MODES that is a link is not daxscope's").isEqualTo(2);
        assertThat(planted.err()).contains("did not write");
        assertThat(Files.readString(elsewhere)).isEqualTo("precious\n");
    }

    @Test
    void forceReplacesOnlyWhatDaxscopeWrote(@TempDir Path tmp) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("thesis.tex"), "years of work\n");
        Cli.Run r = Cli.run("sim", "export-sysfs", home.toString(), "--force");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not replaced, even with --force");
        assertThat(Files.readString(home.resolve("thesis.tex"))).isEqualTo("years of work\n");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(Cli.run("sim", "export-sysfs", empty.toString()).exit()).as("an empty directory is filled").isZero();
    }

    @Test
    void captureRefusesAnExistingFileOrDirectoryWithoutForce(@TempDir Path tmp) throws Exception {
        Path machine = tmp.resolve("m");
        assertThat(Cli.run("sim", "export-sysfs", machine.toString()).exit()).isZero();
        String sys = machine.resolve("sys").toString();
        String proc = machine.resolve("proc").toString();
        Path file = tmp.resolve("cap.tar.gz");
        Files.writeString(file, "not mine\n");
        Cli.Run overFile = Cli.run("capture", "--out", file.toString(), "--sysfs-root", sys, "--procfs-root", proc);
        assertThat(overFile.exit()).isEqualTo(2);
        assertThat(overFile.err()).contains(file + " already exists (a file)").contains("--force");
        assertThat(Files.readString(file)).isEqualTo("not mine\n");
        Cli.Run forced = Cli.run("capture", "--out", file.toString(), "--sysfs-root", sys, "--procfs-root", proc, "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Files.size(file)).isGreaterThan(1000);

        Cli.Run overDir = Cli.run("capture", "--out", machine.toString(), "--sysfs-root", sys, "--procfs-root", proc);
        assertThat(overDir.exit()).isEqualTo(2);
        assertThat(overDir.err()).contains("already exists (a directory)");
    }

    @Test
    void packedSnapshotsLeaveNoExtractionFolderBehind(@TempDir Path tmp) throws Exception {
        Path machine = tmp.resolve("m");
        assertThat(Cli.run("sim", "export-sysfs", machine.toString()).exit()).isZero();
        Path packed = tmp.resolve("m.tar.gz");
        assertThat(Cli.run("capture", "--out", packed.toString(), "--sysfs-root", machine.resolve("sys").toString(),
                "--procfs-root", machine.resolve("proc").toString()).exit()).isZero();
        java.util.Set<Path> before = extractionFolders();
        Cli.Run diff = Cli.run("diff", packed.toString(), packed.toString());
        assertThat(diff.exit()).as(diff.err()).isZero();
        // the folders this diff made and left (a set, not a count: other processes share the temp dir)
        java.util.Set<Path> left = extractionFolders();
        left.removeAll(before);
        assertThat(left).isEmpty();
    }

    private static java.util.Set<Path> extractionFolders() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("daxscope-snapshot"))
                    .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        }
    }
}
