package dev.daxscope;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The inspector's machine options are checked before any window opens: each mistake gets one line and exit 2. */
class MainArgumentsTest {

    private static String[] run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.openMachine(args);
            return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8).strip()};
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void aMissingTreeIsNamed() {
        assertThat(run("--sysfs-root", "/nonexistent/sys")).containsExactly("2", "daxscope: /nonexistent/sys is not a directory");
        assertThat(run("--sysfs-root", "/sys", "--procfs-root", "/nonexistent/proc"))
                .containsExactly("2", "daxscope: /nonexistent/proc is not a directory");
    }

    @Test
    void aSnapshotTakesNeitherWritesNorAnotherProcfs() {
        assertThat(run("--snapshot", "x.tar.gz", "--procfs-root", "/proc")[1]).contains("carries its own proc/");
        assertThat(run("--allow-write", "--snapshot", "x.tar.gz")[0]).isEqualTo("2");
    }

    @Test
    void anOptionWithoutItsPathOrAnUnknownOneIsRefused() {
        assertThat(run("--procfs-root")).containsExactly("2", "daxscope: --procfs-root needs a path");
        assertThat(run("--sysfs-root", "/sys", "--colour")).containsExactly("2",
                "daxscope: unknown option --colour (see daxscope --help)");
    }
}
