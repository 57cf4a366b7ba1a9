package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daxscope.source.AtomicOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * screenshot --out and daxctl --save go through the atomic,
 * no-clobber, no-follow writer: an existing file, a symlink, an empty directory or a FIFO in the
 * way is refused without --force (a FIFO even with it), --force replaces a link itself and never
 * its target, and a write that fails half-way (a full disk) leaves nothing and names the target.
 */
class OutputTargetsTest {

    private static void mkfifo(Path p) throws Exception {
        assertThat(new ProcessBuilder("mkfifo", p.toString()).start().waitFor()).isZero();
    }

    @Test
    void screenshotRefusesWhatItsOutNamesBeforeRendering(@TempDir Path tmp) throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Path file = Files.writeString(tmp.resolve("exists.png"), "old\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link.png"), victim);
        Path dir = Files.createDirectories(tmp.resolve("dir.png"));
        Path fifo = tmp.resolve("fifo.png");
        mkfifo(fifo);

        for (Path target : new Path[] {file, link, dir}) {
            Cli.Run r = Cli.run("screenshot", "--out", target.toString());
            assertThat(r.exit()).as(target + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").contains(target.toString()).contains("--force");
        }
        Cli.Run device = Cli.run("screenshot", "--out", fifo.toString(), "--force");
        assertThat(device.exit()).isEqualTo(2);
        assertThat(device.err()).contains("a device, FIFO or socket").contains("even with --force");

        assertThat(Files.readString(file)).isEqualTo("old\n");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(victim)).isEqualTo("precious\n");
        assertThat(dir).isEmptyDirectory();
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).as("the FIFO is still a FIFO").isFalse();
        assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void screenshotWithForceReplacesTheLinkNotItsTarget(@TempDir Path tmp) throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link.png"), victim);
        Cli.Run r = Cli.run("screenshot", "--out", link.toString(), "--force", "--size", "320x240");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(Files.readAllBytes(link)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(Files.readString(victim)).isEqualTo("precious\n");
        assertNoTemporaryLeft(tmp, "link.png", "victim");
    }

    @Test
    void daxctlSaveNeverWritesThroughALinkNorOverAFileWithoutForce(@TempDir Path tmp) throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Path link = Files.createSymbolicLink(tmp.resolve("m.dax"), victim);
        Cli.Run refused = Cli.run("daxctl", "--save", link.toString(), "list");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains(link + " already exists (a symlink (it is not followed))").contains("--force");
        assertThat(Files.readString(victim)).isEqualTo("precious\n");

        Cli.Run forced = Cli.run("daxctl", "--save", link.toString(), "--force", "list");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(Files.readString(link)).contains("region ");
        assertThat(Files.readString(victim)).isEqualTo("precious\n");

        Cli.Run overFile = Cli.run("daxctl", "--save", link.toString(), "list");
        assertThat(overFile.exit()).isEqualTo(2);
        assertThat(overFile.err()).contains("already exists (a file)");

        Cli.Run forceAlone = Cli.run("daxctl", "--force", "list");
        assertThat(forceAlone.exit()).isEqualTo(2);
        assertThat(forceAlone.err()).contains("applies to --save");
        assertNoTemporaryLeft(tmp, "m.dax", "victim");
    }

    @Test
    void aWriteThatFailsHalfWayLeavesNothingAndNamesTheTarget(@TempDir Path tmp) throws Exception {
        Path target = tmp.resolve("out.png");
        AtomicOutput.Writer fillsTheDisk = file -> {
            Files.writeString(file, "half a PNG");
            throw new java.nio.file.FileSystemException(file.toString(), null, "No space left on device");
        };
        assertThatThrownBy(() -> AtomicOutput.file(target, false, fillsTheDisk))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot write " + target + ": No space left on device; nothing was written");
        Path existing = Files.writeString(tmp.resolve("old.dax"), "old\n");
        assertThatThrownBy(() -> AtomicOutput.file(existing, true, fillsTheDisk)).hasMessageContaining(existing.toString());
        assertThat(Files.readString(existing)).as("the old file survives a failed replacement").isEqualTo("old\n");
        assertThatThrownBy(() -> AtomicOutput.directory(tmp.resolve("cap"), false, dir -> fillsTheDisk.writeTo(dir.resolve("MODES"))))
                .hasMessage("cannot write " + tmp.resolve("cap") + ": No space left on device; nothing was written");
        assertNoTemporaryLeft(tmp, "old.dax");
    }

    private static void assertNoTemporaryLeft(Path dir, String... names) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(names);
        }
    }
}
