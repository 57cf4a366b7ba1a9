package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A link in an exported or captured tree that leads out of it (to the link's
 * file, or through a directory on the way) is never read by list, tiers, diff or sim
 * import-sysfs: the warning says it leads out, and nothing of the file outside is echoed. What
 * is quoted of a file inside the tree is a short excerpt with control and bidi characters
 * escaped, and so are names from the tree.
 */
class TreeLinksOutTest {
    private static final String SECRET = "root:$6$SECRETHASH0123456789abcdefghij:19000:0:99999:7:::";

    @TempDir
    Path tmp;
    private Path sys;
    private Path region0;

    @BeforeEach
    void exportWithLinksOut() throws Exception {
        Path machine = tmp.resolve("m");
        assertThat(Cli.run("sim", "export-sysfs", machine.toString()).exit()).isZero();
        sys = machine.resolve("sys");
        region0 = sys.resolve("devices/platform/dax_region.0");
        Path secret = Files.writeString(tmp.resolve("shadow"), SECRET + "\n");
        Path outside = Files.createDirectories(tmp.resolve("outside/mapping0"));
        for (String f : new String[] {"start", "end", "page_offset"}) {
            Files.writeString(outside.resolve(f), SECRET + "\n");
        }
        relink(region0.resolve("dax0.0/size"), secret);
        relink(region0.resolve("dax_region/id"), Path.of("../../../../../../shadow"));
        relink(sys.resolve("devices/system/node/node0/meminfo"), secret);
        Path mapping = region0.resolve("dax0.1/mapping0");
        dev.daxscope.source.AtomicOutput.deleteTree(mapping);
        Files.createSymbolicLink(mapping, outside);
    }

    private static void relink(Path file, Path target) throws Exception {
        Files.delete(file);
        Files.createSymbolicLink(file, target);
    }

    private static Cli.Run quiet(String... args) {
        Cli.Run r = Cli.run(args);
        assertThat(r.out() + r.err()).as(String.join(" ", args)).doesNotContain("SECRETHASH").doesNotContain("root:$6");
        return r;
    }

    @Test
    void listTiersDiffAndImportNeverReadOutsideTheTree() {
        Cli.Run list = quiet("list", "--sysfs-root", sys.toString(), "-RDMi");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.err()).contains("/sys/devices/platform/dax_region.0/dax0.0/size: leads out of the tree through a link")
                .contains("dax_region/id: leads out of the tree");
        assertThat(list.out()).as("the other devices are listed").contains("\"dax0.2\"");
        Cli.Run tiers = quiet("tiers", "--sysfs-root", sys.toString());
        assertThat(tiers.err()).contains("node0/meminfo: leads out of the tree");
        Cli.Run diff = quiet("diff", sys.getParent().toString(), sys.getParent().toString());
        assertThat(diff.exit()).as(diff.err()).isZero();
        Cli.Run imported = quiet("sim", "import-sysfs", sys.toString());
        assertThat(imported.err()).contains("leads out of the tree");
    }

    @Test
    void whatATreeHoldsIsQuotedShortAndEscaped() throws Exception {
        Files.writeString(region0.resolve("dax0.2/size"), "\u001b[2J\u202eevil" + "x".repeat(200) + "\n");
        Files.createDirectories(sys.resolve("bus/dax/devices/dax\u202e9.0"));
        Cli.Run list = Cli.run("list", "--sysfs-root", sys.toString(), "-D");
        String sizeWarning = list.err().lines().filter(l -> l.contains("dax0.2/size")).findFirst().orElseThrow();
        assertThat(sizeWarning).contains("'\\x1b[2J\\u{202E}evilxxx").doesNotContain("\u001b").doesNotContain("\u202e")
                .hasSizeLessThan(140);
        assertThat(list.err()).contains("dax\\u{202E}9.0: not a device name").doesNotContain("\u202e");
    }
}
