package dev.daxscope.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.FaultEvent;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.sim.SimulatedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real machine's fault log comes from diffing polls: a /dev/dax mapping whose smaps Rss grows
 * gives a FAULT event, one that shrinks or goes away with pages a ZAP, in the simulator's event
 * form. The machine here is a procfs/sysfs tree on disk (the demo machine exported, plus a process).
 */
class LinuxSourceEventsTest {

    private static void process(Path proc, int pid, long rssKiB) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        String line = "7f0000000000-7f0040000000 rw-s 00000000 00:06 12 /dev/dax0.1";
        Files.writeString(dir.resolve("comm"), "db\n");
        Files.writeString(dir.resolve("maps"), line + "\n");
        Files.writeString(dir.resolve("smaps"), line + "\nSize: 1048576 kB\nRss: " + rssKiB + " kB\n");
        Files.writeString(dir.resolve("status"), "Name:\tdb\nRssFile:\t" + rssKiB + " kB\n");
    }

    @Test
    void rssGrowthIsAFaultAndAMappingThatGoesAwayWithPagesIsAZap(@TempDir Path tmp) throws Exception {
        SimulatedSource.demo().exportSysfs(tmp);
        Path proc = tmp.resolve("proc");
        process(proc, 4242, 0);
        LinuxSource machine = new LinuxSource(tmp.resolve("sys"), "tree");
        machine.refresh();
        assertThat(machine.events(0, 100).events()).as("the first poll is the starting point").isEmpty();

        process(proc, 4242, 4096);
        machine.refresh();
        DaxSourceEvents first = new DaxSourceEvents(machine.events(0, 100));
        assertThat(first.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(FaultEvent.Kind.FAULT);
            assertThat(e.pid()).isEqualTo(4242);
            assertThat(e.device()).isEqualTo("dax0.1");
            assertThat(e.address()).isEqualTo(0x7f0000000000L);
            assertThat(e.result()).isEqualTo("Rss +4096 KiB (smaps)");
        });

        machine.refresh();
        assertThat(machine.events(first.next(), 100).events()).as("nothing changed, nothing to log").isEmpty();

        try (var files = Files.walk(proc.resolve("4242"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        machine.refresh();
        List<FaultEvent> gone = machine.events(first.next(), 100).events();
        assertThat(gone).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(FaultEvent.Kind.ZAP);
            assertThat(e.seq()).isEqualTo(first.next());
            assertThat(e.result()).isEqualTo("Rss -4096 KiB (smaps)");
        });
    }

    /** A batch and where the next poll starts. */
    private record DaxSourceEvents(List<FaultEvent> events, long next) {
        DaxSourceEvents(DaxSource.EventBatch b) {
            this(b.events(), b.nextSeq());
        }
    }
}
