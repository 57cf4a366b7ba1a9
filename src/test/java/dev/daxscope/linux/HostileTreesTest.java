package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.daxscope.cli.Cli;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's hostile cases: a tree someone else captured may hold huge indexes, link loops,
 * FIFOs, endless or huge files and garbled ids. list, diff, capture and sim import-sysfs never
 * throw, hang or load without limit: each odd entry is a {@code daxscope: warning: PATH: why}
 * on stderr and the rest is still listed; a folder that is not a sysfs tree is named as such.
 */
class HostileTreesTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    private Path machine;
    private Path sys;

    @BeforeEach
    void export() {
        machine = tmp.resolve("m");
        assertThat(Cli.run("sim", "export-sysfs", machine.toString()).exit()).isZero();
        sys = machine.resolve("sys");
    }

    private static Cli.Run cli(String... args) {
        Cli.Run r = assertTimeoutPreemptively(LIMIT, () -> Cli.run(args));
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("Error:").doesNotContain("For input string");
        return r;
    }

    private Cli.Run list() {
        return cli("list", "--sysfs-root", sys.toString(), "-RDMi");
    }

    private String pristineListing() throws Exception {
        Path copy = tmp.resolve("pristine");
        assertThat(Cli.run("sim", "export-sysfs", copy.toString()).exit()).isZero();
        return Cli.run("list", "--sysfs-root", copy.resolve("sys").toString(), "-RDMi").out();
    }

    private static void mkfifo(Path p) throws Exception {
        Files.deleteIfExists(p);
        assertThat(new ProcessBuilder("mkfifo", p.toString()).start().waitFor()).isZero();
    }

    @Test
    void hugeIndexesAreWarningsAndTheRestIsStillListed() throws Exception {
        String pristine = pristineListing();
        Files.createDirectories(sys.resolve("devices/system/node/node99999999999"));
        Files.createDirectories(sys.resolve("devices/system/memory/memory99999999999999999999"));
        Files.createDirectories(sys.resolve("devices/system/memory/memory0/node99999999999"));
        Path dev = sys.resolve("bus/dax/devices/dax0.1").toRealPath();
        Files.createDirectories(dev.resolve("mapping99999999999"));
        Cli.Run r = list();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(pristine);
        assertThat(r.err()).contains("daxscope: warning: /sys/devices/system/node/node99999999999: not a node number")
                .contains("daxscope: warning: /sys/devices/system/memory/memory99999999999999999999: block index too large")
                .contains("mapping99999999999: index too large");
        Cli.Run diff = cli("diff", tmp.resolve("pristine").toString(), machine.toString());
        assertThat(diff.exit()).as(diff.out() + diff.err()).isZero();
        assertThat(diff.err()).contains("warning: " + machine + ": /sys/devices/system/node/node99999999999");
    }

    @Test
    void fifosEndlessAndHugeFilesAreNotReadAndNothingHangs() throws Exception {
        mkfifo(machine.resolve("proc/iomem"));
        mkfifo(machine.resolve("proc/meminfo"));
        Path size = sys.resolve("bus/dax/devices/dax0.2").toRealPath().resolve("align");
        Files.delete(size);
        Files.createSymbolicLink(size, Path.of("/dev/zero"));
        Path blockSize = sys.resolve("devices/system/memory/block_size_bytes");
        try (RandomAccessFile f = new RandomAccessFile(sys.resolve("devices/system/memory/auto_online_blocks").toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        Cli.Run r = list();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"chardev\":\"dax2.0\"");
        assertThat(r.err()).contains("/proc/iomem: is not a regular file")
                .contains("daxscope: warning: /sys/devices/platform/dax_region.0/dax0.2/align: leads out of the tree through a link")
                .contains("/sys/devices/system/memory/auto_online_blocks: is 3221225472 bytes");
        assertThat(Files.readString(blockSize)).isNotEmpty();
        Cli.Run capture = cli("capture", "--out", tmp.resolve("cap").toString(), "--sysfs-root", sys.toString(),
                "--procfs-root", machine.resolve("proc").toString());
        assertThat(capture.exit()).as(capture.err()).isZero();
        assertThat(capture.err()).contains("daxscope: warning: /proc/iomem: is not a regular file");
        assertThat(tmp.resolve("cap/sys/devices/system/memory/auto_online_blocks")).as("a 3 GiB file is not copied").doesNotExist();
        assertThat(tmp.resolve("cap/proc/iomem")).as("a FIFO is not copied").doesNotExist();
        assertThat(cli("diff", machine.toString(), tmp.resolve("cap").toString()).exit()).isIn(0, 1);
    }

    @Test
    void unreadableOrGarbledAttributesAreWarnedNotListedAsZeroSilently() throws Exception {
        Path region0 = sys.resolve("bus/dax/devices/dax0.1").toRealPath().getParent().resolve("dax_region");
        Files.writeString(region0.resolve("id"), "4294967296\n");
        Path region1 = sys.resolve("bus/dax/devices/dax1.0").toRealPath().getParent().resolve("dax_region");
        Files.delete(region1.resolve("id"));
        Path size = sys.resolve("bus/dax/devices/dax0.2").toRealPath().resolve("size");
        Files.delete(size);
        Files.createSymbolicLink(size, size.resolveSibling("nowhere"));
        Cli.Run r = list();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"chardev\":\"dax0.1\"").contains("\"chardev\":\"dax1.0\"");
        assertThat(r.err()).contains("dax_region/id: 4294967296 is not a region id; using 0 from the device name")
                .contains("dax_region: no readable id; using 1 from the device name")
                .contains("dax0.2/size: link does not resolve");
    }

    /** Found by the fuzz test: everything keyed by region id threw on two regions with one id. */
    @Test
    void twoRegionsClaimingOneIdAreListedOnceWithAWarning() throws Exception {
        Files.writeString(sys.resolve("bus/dax/devices/dax1.0").toRealPath().getParent().resolve("dax_region/id"), "0\n");
        Cli.Run r = list();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"chardev\":\"dax0.1\"").doesNotContain("\"chardev\":\"dax1.0\"");
        assertThat(r.err()).contains("region id 0 is already");
        pristineListing();
        Cli.Run diff = cli("diff", tmp.resolve("pristine").toString(), machine.toString());
        assertThat(diff.exit()).as(diff.err()).isIn(0, 1);
        assertThat(diff.out()).contains("- region 1");
    }

    @Test
    void aDeviceWhoseLinkLoopsIsNamedAndTheOthersListed() throws Exception {
        Path loop = sys.resolve("bus/dax/devices/dax7.0");
        Files.createSymbolicLink(loop, Path.of("dax7.0"));
        Cli.Run r = list();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"chardev\":\"dax0.1\"");
        assertThat(r.err()).contains("daxscope: warning: /sys/bus/dax/devices/dax7.0: ");
        Cli.Run imported = cli("sim", "import-sysfs", sys.toString());
        assertThat(imported.exit()).isZero();
        assertThat(imported.err()).contains("daxscope: warning: /sys/bus/dax/devices/dax7.0: ");
        assertThat(imported.out()).contains("region");
    }

    @Test
    void aFolderThatIsNotASysfsTreeIsNamedAsSuch() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty/sys"));
        Cli.Run r = cli("list", "--sysfs-root", empty.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(empty + " is not a sysfs tree");
        assertThat(cli("sim", "import-sysfs", empty.toString()).err()).contains("is not a sysfs tree");
        assertThat(cli("capture", "--out", tmp.resolve("c").toString(), "--sysfs-root", empty.toString()).exit()).isEqualTo(2);
        Cli.Run diff = cli("diff", machine.toString(), tmp.resolve("empty").toString());
        assertThat(diff.exit()).isEqualTo(2);
        assertThat(diff.err()).contains("could not compare").contains("not a sysfs tree");
    }
}
