package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Command lines daxctl refuses: before touching a device, the complaint, then the usage, exit 129
 * (usage_with_options); else with its errno. Each case is a command the real daxctl ran in a
 * guest, taken from its transcript with what it printed and its exit status: daxctl 76.1 on 6.1,
 * daxctl 85 on 7.3.
 */
class DaxctlUsageTest {
    /** A recorded {@code $ daxctl[85] ARGS} with its first stderr line and exit status. */
    record Recorded(String transcript, String machine, List<String> args, String firstLine, int exit) {
        @Override
        public String toString() {
            return String.join(" ", args) + " (" + transcript + ")";
        }
    }

    static Stream<Recorded> recorded() throws Exception {
        List<Recorded> out = new ArrayList<>();
        out.addAll(read("daxctl-usage-6.1/reconfigure-usage.txt", "hmem-initial", true));
        out.addAll(read("famfs-transcripts-7.3/hmem-famfs.txt", "hmem-devdax-7.3", false));
        assertThat(out).as("usage refusals in the transcripts").hasSizeGreaterThanOrEqualTo(6);
        return out.stream();
    }

    /**
     * The blocks of a transcript whose command daxctl refused with its usage (exit 129), or with
     * {@code every} all of them (a transcript of refusals only, so none changes the machine).
     */
    private static List<Recorded> read(String transcript, String machine, boolean every) throws Exception {
        List<String> lines = Files.readAllLines(TestFiles.fixture("real/" + transcript));
        List<Recorded> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.matches("\\$ daxctl(85)? reconfigure-device .*")) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).startsWith("[rc=")) {
                end++;
            }
            int rc = Integer.parseInt(lines.get(end).replaceAll("\\D", ""));
            if (rc == 129 || every) {
                List<String> words = Arrays.asList(line.split(" "));
                out.add(new Recorded(transcript, machine, words.subList(2, words.size()), lines.get(i + 1), rc));
            }
            i = end;
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void aRefusedCommandLineEndsAsDaxctlEndedIt(Recorded rec) {
        Path machine = TestFiles.project().resolve("src/test/resources/fixture-machines/" + rec.machine() + ".dax");
        List<String> argv = new ArrayList<>(List.of("daxctl", "--machine", machine.toString()));
        argv.addAll(rec.args());
        Cli.Run r = Cli.run(argv.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isEqualTo(rec.exit());
        assertThat(r.out()).isEmpty();
        if (rec.exit() == 129) {
            assertThat(r.err().lines().findFirst()).hasValue(rec.firstLine());
            assertThat(r.err()).contains("\n usage: daxctl reconfigure-device <device> [<options>]\n");
        }
    }
}
