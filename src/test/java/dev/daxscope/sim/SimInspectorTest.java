package dev.daxscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.FolioInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.mm.EntryTable;
import dev.daxscope.sim.mm.SimProcess;
import dev.daxscope.sim.mm.Vma;
import dev.daxscope.source.sim.SimulatedSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inspector's reverse map and entry listing take shortcuts (only the slots over a folio's own
 * device bytes; early stop): both must give what a walk of every page table gives.
 */
class SimInspectorTest {
    private final SimulatedSource demo = SimulatedSource.demo();
    private final Kernel kernel = demo.kernel();

    private List<FolioInfo.Mapper> walkedMappers(DevDax d, long folio) {
        List<FolioInfo.Mapper> out = new ArrayList<>();
        for (SimProcess p : kernel.processes().values()) {
            for (Vma v : p.vmas()) {
                for (int shift : new int[] {Vma.PTE_SHIFT, Vma.PMD_SHIFT, Vma.PUD_SHIFT}) {
                    EntryTable t = v.table(shift);
                    t.forEach(0, t.slots(), (slot, e) -> {
                        if (v.device() == d && (e & EntryTable.FOLIO_MASK) - 1 == folio) {
                            out.add(new FolioInfo.Mapper(p.pid(), p.name(), v.start() + (slot << shift),
                                    shift == 12 ? "PTE" : shift == 21 ? "PMD" : "PUD"));
                        }
                    });
                }
            }
        }
        return out;
    }

    @Test
    void theMappersOfEveryFolioAreThoseAWalkOfAllPageTablesFinds() {
        SimInspector inspector = new SimInspector(kernel);
        int checked = 0;
        for (String name : List.of("dax0.1", "dax0.2", "dax1.0")) {
            DevDax d = kernel.device(name).orElseThrow();
            for (long folio = 0; folio < d.folios().folioCount(); folio += Math.max(1, d.folios().folioCount() / 300)) {
                List<FolioInfo.Mapper> fast = inspector.folio(name, folio * (d.align() >>> 12)).orElseThrow().mappers();
                assertThat(fast).as(name + " folio " + folio).containsExactlyInAnyOrderElementsOf(walkedMappers(d, folio));
                checked += fast.isEmpty() ? 0 : 1;
            }
        }
        assertThat(checked).as("folios with mappers among those checked").isGreaterThan(100);
    }

    @Test
    void entriesAreTheFirstPresentEntriesInAddressOrder() {
        SimProcess db = kernel.processes().values().stream().filter(p -> p.name().equals("db")).findFirst().orElseThrow();
        // A (offset 0) was mapped first, so top-down it is the highest of db's mappings, above B.
        Vma a = java.util.Arrays.stream(db.vmas()).filter(v -> v.pgoff() == 0).findFirst().orElseThrow();
        List<MachineSnapshot.EntryInfo> listed = demo.entries(db.pid(), a.start(), 5);
        // db touched the first 1 GiB of A with 2 MiB writes: PMD entries, every 2 MiB, writable and dirty.
        assertThat(listed).hasSize(5).allSatisfy(e -> {
            assertThat(e.level()).isEqualTo("PMD");
            assertThat(e.writable()).isTrue();
            assertThat(e.dirty()).isTrue();
        });
        assertThat(listed).extracting(MachineSnapshot.EntryInfo::address)
                .containsExactly(a.start(), a.start() + (2L << 20), a.start() + (4L << 20), a.start() + (6L << 20),
                        a.start() + (8L << 20));
        assertThat(listed).extracting(MachineSnapshot.EntryInfo::folio).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(listed).isSortedAccordingTo(Comparator.comparingLong(MachineSnapshot.EntryInfo::address));
        assertThat(demo.entries(db.pid(), a.start() + 4096, 5)).as("no mapping starts there").isEmpty();
        assertThat(demo.entries(99_999, a.start(), 5)).as("no such process").isEmpty();
    }
}
