package dev.daxscope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A name with a bidi override (U+202E) or an ESC, given on the command line or in a
 * script, is never echoed raw in an error: stderr shows it escaped, and a script holding a bidi
 * or zero-width character anywhere (a comment too) is malformed at that column.
 */
class HostileNamesTest {
    private static final String RLO = "\u202e";

    @Test
    void aScriptWithABidiCharacterIsMalformedAtIt(@TempDir Path tmp) throws Exception {
        Path script = Files.writeString(tmp.resolve("b.dax"), "region R dynamic start=0x100000000 size=1G\nspawn P\n"
                + "P open /dev/dax0.1" + RLO + "evil as F\n");
        Cli.Run r = Cli.run("run", script.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(script + ":3:19: invalid character U+202E (a bidi or zero-width format "
                + "character: the line would not read as it runs)");
        Files.writeString(script, "region R dynamic start=0x100000000 size=1G # \u2066 isolate in a comment\n");
        assertThat(Cli.run("run", script.toString()).err()).contains(":1:46: invalid character U+2066");
    }

    @Test
    void theInspectorsOptionsQuoteNamesEscaped() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.runCommand(new String[] {"--snapshot", "s", "--x" + RLO + "\u001b[2J"})).isEqualTo(2);
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Unknown option: '--x\\u{202E}\\x1b[2J'")
                .doesNotContain(RLO).doesNotContain("\u001b");
    }

    @Test
    void theCommandLineQuotesNamesEscaped(@TempDir Path tmp) throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"), "dev.daxscope.Main",
                "screenshot", "--out", tmp.resolve("x.png").toString(), "--view", "map" + RLO + "\u001b]0;t\u0007")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(err).startsWith("daxscope screenshot: unknown view 'map\\u{202E}\\x1b]0;t\\x07'; valid views: ")
                .doesNotContain(RLO).doesNotContain("\u001b");
    }
}
