package dev.daxscope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.DaxSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The inspector's options are the root command's picocli options, checked before any window
 * opens: each mistake gets one line and exit 2; what they name reaches the window.
 */
class MainArgumentsTest {
    /** What the window would have been opened on (it never is here). */
    private final List<Object[]> opened = new ArrayList<>();

    private String[] run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine((source, dark) -> {
            opened.add(new Object[] {source, dark});
            return 0;
        });
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), err.toString().strip()};
    }

    @Test
    void aMissingTreeIsNamed() {
        assertThat(run("--sysfs-root", "/nonexistent/sys")).containsExactly("2", "daxscope: /nonexistent/sys is not a directory");
        assertThat(run("--sysfs-root", "/sys", "--procfs-root", "/nonexistent/proc"))
                .containsExactly("2", "daxscope: /nonexistent/proc is not a directory");
        assertThat(opened).isEmpty();
    }

    @Test
    void aSnapshotTakesNeitherWritesNorAnotherProcfs() {
        assertThat(run("--snapshot", "x.tar.gz", "--procfs-root", "/proc")[1]).contains("carries its own proc/");
        assertThat(run("--allow-write", "--snapshot", "x.tar.gz")[0]).isEqualTo("2");
        assertThat(run("--snapshot", "x.tar.gz", "--sysfs-root", "/sys")).containsExactly("2",
                "daxscope: give one of --machine, --sysfs-root, --snapshot and --remote");
        assertThat(opened).isEmpty();
    }

    @Test
    void anOptionWithoutItsValueOrAnUnknownOneIsRefusedByTheParser() {
        String[] missing = run("--procfs-root");
        assertThat(missing[0]).isEqualTo("2");
        assertThat(missing[1]).contains("Missing required parameter for option '--procfs-root'");
        String[] unknown = run("--sysfs-root", "/sys", "--colour");
        assertThat(unknown[0]).isEqualTo("2");
        assertThat(unknown[1]).contains("Unknown option: '--colour'");
        String[] theme = run("--theme", "blue");
        assertThat(theme[0]).isEqualTo("2");
        assertThat(theme[1]).contains("--theme").contains("light, dark").contains("blue");
        assertThat(opened).isEmpty();
    }

    @Test
    void theOptionsReachTheWindow(@TempDir Path tmp) throws Exception {
        assertThat(run("--theme", "dark")).containsExactly("0", "");
        assertThat(opened).singleElement().satisfies(o -> {
            assertThat(o[0]).as("the demo machine").isNull();
            assertThat(o[1]).isEqualTo(Boolean.TRUE);
        });
        Path machine = Files.writeString(tmp.resolve("m.dax"), "region R dynamic start=0x100000000 size=1G\n");
        assertThat(run("--machine", machine.toString())).containsExactly("0", "");
        assertThat(opened.get(1)[0]).isInstanceOfSatisfying(DaxSource.class,
                s -> assertThat(s.snapshot().regions()).hasSize(1));
        assertThat(opened.get(1)[1]).as("the remembered theme").isNull();
    }

    @Test
    void theInspectorsMachineOptionsAreTheSameAsListsAndInTheHelp() {
        CommandLine cl = Main.commandLine((source, dark) -> 0);
        List<String> root = cl.getCommandSpec().options().stream().map(o -> o.longestName()).toList();
        List<String> list = cl.getSubcommands().get("list").getCommandSpec().options().stream().map(o -> o.longestName())
                .toList();
        assertThat(root).contains("--machine", "--sysfs-root", "--procfs-root", "--snapshot", "--allow-write", "--theme");
        assertThat(list).contains("--machine", "--sysfs-root", "--procfs-root", "--snapshot");
        assertThat(cl.getUsageMessage()).contains("--snapshot=S", "--theme=light|dark", "--allow-write");
    }
}
