package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a display or GTK the inspector says in one line what is missing and how to get it, and
 * exits 1; the commands, screenshot included, go on working without either.
 */
class WindowSupportTest {

    @Test
    void noDisplayIsNamedWithWaysToGetOne() {
        assertThat(WindowSupport.missing(Map.of(), lib -> true)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("daxscope: ").contains("DISPLAY is not set").contains("xvfb-run").doesNotContain("\n"));
        assertThat(WindowSupport.missing(Map.of("DISPLAY", " "), lib -> true)).isPresent();
    }

    @Test
    void missingGtkIsNamedWithThePackageToInstall() {
        assertThat(WindowSupport.missing(Map.of("DISPLAY", ":0"), lib -> !lib.equals("libgtk-3.so.0")))
                .hasValueSatisfying(line -> assertThat(line).contains("GTK 3").contains("apt-get install libgtk-3-0"));
    }

    @Test
    void aDisplayAndGtkLetTheWindowBeTried() {
        assertThat(WindowSupport.missing(Map.of("DISPLAY", ":0"), lib -> true)).isEmpty();
    }

    @Test
    void libraryDetectionUsesTheDynamicLinker() {
        assertThat(WindowSupport.loads("libc.so.6")).isTrue();
        assertThat(WindowSupport.loads("libdaxscope-no-such-library.so.9")).isFalse();
    }

    @Test
    void aToolkitThatFailsAnywayGivesOneLineWithTheReason() {
        String line = WindowSupport.failedToStart(new RuntimeException("launch", new UnsupportedOperationException(
                "Unable to open DISPLAY")));
        assertThat(line).contains("Unable to open DISPLAY").doesNotContain("\n").doesNotContain("Exception");
    }

    private record Proc(int exit, String out, String err) {
    }

    /** The real main class in a fresh JVM without DISPLAY or WAYLAND_DISPLAY, as a user's shell would run it. */
    private static Proc runWithoutDisplay(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the process ends").isTrue();
        return new Proc(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void theAppWithoutADisplayPrintsOneLineAndExitsOne() throws Exception {
        for (String[] args : new String[][] {{}, {"--theme", "dark"}}) {
            Proc r = runWithoutDisplay(args);
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.err().strip().lines()).singleElement().asString().startsWith("daxscope: ")
                    .contains("DISPLAY is not set");
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void screenshotAndCommandsWorkWithoutADisplay(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("main.png");
        Proc shot = runWithoutDisplay("screenshot", "--out", png.toString());
        assertThat(shot.exit()).as(shot.err()).isZero();
        assertThat(Files.size(png)).isPositive();
        Proc run = runWithoutDisplay("run", dev.daxscope.TestFiles.project().resolve("scenarios/07-refusals-explained.dax")
                .toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("PASS");
    }
}
