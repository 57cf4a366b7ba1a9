package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script or --machine file is read as tree files are: a FIFO, a device (or a
 * link to one) and a file past the bound are refused in one line naming it, with exit 2, at once
 * (before, run /dev/zero grew to gigabytes and run FIFO hung silently).
 */
class SpecialScriptFilesTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    private static void refusedInOneLine(String why, String... args) {
        Cli.Run r = assertTimeoutPreemptively(PROMPTLY, () -> Cli.run(args));
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception").contains(why);
    }

    @Test
    void devicesFifosAndHugeFilesAreRefusedAsScriptsAndMachines(@TempDir Path tmp) throws Exception {
        Path fifo = tmp.resolve("script.dax");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path zero = Files.createSymbolicLink(tmp.resolve("zero.dax"), Path.of("/dev/zero"));
        Path huge = tmp.resolve("huge.dax");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        String notRegular = "is not a regular file (a FIFO, device or socket); not read";
        refusedInOneLine("/dev/zero:0:0: cannot read file: " + notRegular, "run", "/dev/zero");
        refusedInOneLine(zero + ":0:0: cannot read file: " + notRegular, "list", "--machine", zero.toString());
        refusedInOneLine(fifo + ":0:0: cannot read file: " + notRegular, "run", fifo.toString());
        refusedInOneLine(fifo + ":0:0: cannot read file: " + notRegular, "serve", "--machine", fifo.toString(),
                "--listen", "127.0.0.1:0");
        refusedInOneLine(huge + ":0:0: cannot read file: is 3221225472 bytes, more than the 32 MiB", "run", huge.toString());
        refusedInOneLine(tmp + ":0:0: cannot read file: is a directory", "daxctl", "--machine", tmp.toString(), "list");
    }

    /** Running out of heap (a long script in a 16 MiB JVM) is one line and exit 1, not a 17-line JVM trace. */
    @Test
    void runningOutOfHeapIsOneLine(@TempDir Path tmp) throws Exception {
        Path script = tmp.resolve("long.dax");
        StringBuilder b = new StringBuilder("region RA dynamic start=0x100000000 size=1G align=2M\nwrite @RA/create 1\n");
        b.append("read /sys/bus/dax/devices/dax0.1/size\n".repeat(400_000));
        Files.writeString(script, b);
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "-Xmx16m", "-cp", System.getProperty("java.class.path"),
                "dev.daxscope.Main", "run", script.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("daxscope: out of memory: the machine or script is larger than this JVM's heap; "
                + "give it more with DAXSCOPE_JAVA_OPTS=-Xmx8g");
    }
}
