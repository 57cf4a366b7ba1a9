package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.FaultEvent;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.MachineSnapshot;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Diffing two polls: per page where pagemap was read at both, by smaps Rss otherwise, and a cap per poll. */
class MappingEventsTest {
    private static final long START = 0x7f0000000000L;

    private static MachineSnapshot polled(long rssBytes) {
        var vma = new MachineSnapshot.VmaInfo(START, START + (80_000L << 12), 0, "dax0.0", true, false, 0, 0, 0, rssBytes);
        return new MachineSnapshot("m", KernelProfile.DEFAULT, 0, List.of(),
                new MachineSnapshot.MemoryInfo(128L << 20, "offline", List.of(), List.of()),
                List.of(new MachineSnapshot.ProcessInfo(42, "app", true, rssBytes, List.of(vma))), List.of());
    }

    private static MappingEvents.PresentPages present(int from, int to) {
        BitSet b = new BitSet();
        b.set(from, to);
        return new MappingEvents.PresentPages(Map.of("42@" + Long.toHexString(START) + ":dax0.0:0", b));
    }

    @Test
    void aLargeChangeIsListedUpToTheCapAndSummarisedBeyondIt() {
        List<FaultEvent> events = MappingEvents.between(polled(0), present(0, 0), polled(0), present(0, 25_000), 100, 1);
        assertThat(events).hasSize(MappingEvents.PAGE_EVENTS_PER_POLL + 1);
        assertThat(events.getFirst().seq()).isEqualTo(100);
        assertThat(events.getFirst().address()).isEqualTo(START);
        assertThat(events.get(MappingEvents.PAGE_EVENTS_PER_POLL - 1).pgoff()).isEqualTo(MappingEvents.PAGE_EVENTS_PER_POLL - 1);
        assertThat(events.getLast().result()).isEqualTo("15000 more pages changed (pagemap; not listed)");
    }

    @Test
    void withoutPagemapAtBothPollsTheRssChangeIsOneEvent() {
        List<FaultEvent> events = MappingEvents.between(polled(0), MappingEvents.PresentPages.NONE, polled(8L << 20),
                present(0, 2048), 0, 1);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(FaultEvent.Kind.FAULT);
            assertThat(e.result()).isEqualTo("Rss +8192 KiB (smaps)");
        });
    }

    @Test
    void aMappingThatWentAwayZapsThePagesItHad() {
        MachineSnapshot gone = new MachineSnapshot("m", KernelProfile.DEFAULT, 0, List.of(),
                new MachineSnapshot.MemoryInfo(128L << 20, "offline", List.of(), List.of()), List.of(), List.of());
        List<FaultEvent> events = MappingEvents.between(polled(0), present(3, 5), gone, MappingEvents.PresentPages.NONE, 0, 1);
        assertThat(events).extracting(e -> e.kind() + "@" + e.pgoff()).containsExactly("ZAP@3", "ZAP@4");
    }
}
