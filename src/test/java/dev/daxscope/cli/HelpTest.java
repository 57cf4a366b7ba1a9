package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.Main;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line explains itself: unknown commands, the inspector's options, examples everywhere, clean wrapping. */
class HelpTest {

    @Test
    void anUnknownCommandIsNamedWithTheNearestOneAndExitsTwo() {
        Cli.Run typo = Cli.run("lsit", "-RDM");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).isEqualTo("daxscope: unknown command 'lsit'; did you mean 'list'?"
                + " ('daxscope --help' lists the commands)\n");
        assertThat(typo.out()).isEmpty();
        Cli.Run withHelp = Cli.run("frobnicate", "--help");
        assertThat(withHelp.exit()).as("not the top-level help with exit 0").isEqualTo(2);
        assertThat(withHelp.err()).startsWith("daxscope: unknown command 'frobnicate' (").doesNotContain("did you mean");
        assertThat(withHelp.out()).isEmpty();
        Cli.Run rnu = Cli.run("rnu", "x.dax");
        assertThat(rnu.err()).contains("did you mean 'run'?");
    }

    @Test
    void theNearestCommandIsFewestEditsAwayCountingASwapAsOne() {
        List<String> commands = List.copyOf(Main.commandLine().getSubcommands().keySet());
        assertThat(UnknownCommand.edits("lsit", "list")).isEqualTo(1);
        assertThat(UnknownCommand.edits("lsit", "sim")).isEqualTo(2);
        assertThat(UnknownCommand.nearest("lsit", commands)).hasValue("list");
        assertThat(UnknownCommand.nearest("screenshoot", commands)).hasValue("screenshot");
        assertThat(UnknownCommand.nearest("xyzzy", commands)).isEmpty();
    }

    @Test
    void optionMistakesInsideACommandKeepPicocliMessages() {
        Cli.Run r = Cli.run("list", "--bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--bogus'").doesNotContain("unknown command");
    }

    @Test
    void theTopLevelHelpNamesTheInspectorsOwnOptions() {
        Cli.Run r = Cli.run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--snapshot=S", "--sysfs-root=DIR", "--procfs-root=DIR", "--machine=FILE.dax",
                "--allow-write", "--theme=light|dark");
    }

    @Test
    void listSaysWhatItReadsByDefault() {
        String help = Cli.run("list", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("By default it reads this machine's /sys");
    }

    /** Every command line of the tree, by its full name ("daxscope sim export-sysfs"). */
    private static Map<String, CommandLine> allCommands() {
        Map<String, CommandLine> out = new TreeMap<>();
        List<CommandLine> todo = new ArrayList<>(List.of(Main.commandLine()));
        while (!todo.isEmpty()) {
            CommandLine c = todo.removeLast();
            out.put(c.getCommandSpec().qualifiedName(), c);
            todo.addAll(c.getSubcommands().values());
        }
        return out;
    }

    @Test
    void everyCommandHasExamples() {
        Map<String, CommandLine> commands = allCommands();
        assertThat(commands).containsKeys("daxscope", "daxscope sim", "daxscope sim export-sysfs",
                "daxscope generate-completion");
        List<String> without = commands.entrySet().stream().filter(e -> !e.getValue().getUsageMessage().contains("Example"))
                .map(Map.Entry::getKey).toList();
        assertThat(without).isEmpty();
    }

    private static Map<String, Long> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty())
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    @Test
    void helpWrapsOnlyBetweenWords() {
        List<String> broken = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : allCommands().entrySet()) {
            CommandLine c = e.getValue();
            c.setUsageHelpWidth(500);
            Map<String, Long> unwrapped = words(c.getUsageMessage());
            c.setUsageHelpWidth(80);
            Map<String, Long> wrapped = words(c.getUsageMessage());
            if (!wrapped.equals(unwrapped)) {
                Map<String, Long> split = new TreeMap<>(wrapped);
                unwrapped.forEach((w, n) -> split.merge(w, -n, Long::sum));
                split.values().removeIf(n -> n == 0);
                broken.add(e.getKey() + ": " + split);
            }
        }
        assertThat(broken).as("words cut by wrapping at 80 columns").isEmpty();
    }
}
