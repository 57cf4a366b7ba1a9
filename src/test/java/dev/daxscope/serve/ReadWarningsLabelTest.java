package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links out of a tree, seen from the network: a capture whose attribute links to a file outside it puts
 * "leads out of the tree" into {@code daxscope_read_warnings{what=...}}, never the file's
 * content; a garbled file inside the tree is quoted short and escaped.
 */
class ReadWarningsLabelTest {

    @Test
    void noFileContentOutsideTheTreeReachesTheMetrics(@TempDir Path tmp) throws Exception {
        Path capture = tmp.resolve("cap");
        assertThat(Cli.run("sim", "export-sysfs", capture.toString()).exit()).isZero();
        Path secret = Files.writeString(tmp.resolve("shadow"), "root:$6$SECRETHASH0123456789abcdefghij:19000\n");
        Path region = capture.resolve("sys/devices/platform/dax_region.0");
        Files.delete(region.resolve("dax0.0/size"));
        Files.createSymbolicLink(region.resolve("dax0.0/size"), secret);
        Files.writeString(region.resolve("dax0.1/size"), "\u001b]0;owned\u0007" + "9".repeat(100) + "z\n");
        try (ServedMachine served = ServedMachine.start("--snapshot", capture.toString())) {
            String body = served.get("/metrics", null).body();
            assertThat(body).doesNotContain("SECRETHASH").doesNotContain("\u001b").doesNotContain("\u0007");
            var warnings = served.scrape().families().get("daxscope_read_warnings").samples().stream()
                    .map(s -> s.labels().get("what")).toList();
            assertThat(warnings).anyMatch(w -> w.endsWith("dax0.0/size: leads out of the tree through a link; not read"));
            assertThat(warnings).anyMatch(w -> w.contains("dax0.1/size: '\\x1b]0;owned\\x07999") && w.length() < 120);
        }
    }
}
