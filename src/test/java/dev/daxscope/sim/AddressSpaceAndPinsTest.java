package dev.daxscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The simulated address space gives freed ranges back out, top-down as
 * get_unmapped_area does, and never wraps past TASK_SIZE; a pin costs a few runs of folios, not
 * a record per page, so thousands of 512M pins fit in a small heap.
 */
class AddressSpaceAndPinsTest {
    private static final String DEVICE = Scripts.REGION_A_BOUND + "spawn P\nP open /dev/dax0.1 as F\n";

    @Test
    void mapReadUnmapCyclesReuseTheSameRange() {
        StringBuilder s = new StringBuilder(DEVICE);
        for (int i = 0; i < 3000; i++) {
            s.append("P mmap F len=2M as M").append(i).append('\n').append("P read M").append(i).append('\n')
                    .append("P munmap M").append(i).append(" len=2M\n");
        }
        // before: ENOMEM at cycle 1019, with nothing mapped
        Scripts.assertScript(s.toString());
    }

    @Test
    void tenThousandMappingsFitBelowTheBaseAndTheNextOneIsEnomemNotAWrap() {
        StringBuilder s = new StringBuilder(DEVICE);
        for (int i = 0; i < 10_000; i++) {
            s.append("P mmap F len=512M as M").append(i).append('\n');
        }
        s.append("P read M9999\nP read M0\n");
        // before: ENOMEM at #681 with ~126 TiB free below the base
        Scripts.assertScript(s.toString());
    }

    @Test
    void aLargePinIsHeldAsRunsOfFoliosNotARecordPerPage() {
        StringBuilder s = new StringBuilder(DEVICE + "P mmap F len=512M as M\n");
        for (int i = 0; i < 100; i++) {
            s.append("P pin M len=512M as H").append(i).append('\n');
        }
        s.append("folio dax0.1 pgoff=0 => pin=51200\n");
        var runner = Scripts.assertScript(s.toString());
        var process = runner.kernel().processes().firstEntry().getValue();
        // before: 131072 records (one per 4K page) per handle, ~4.8 MB each; OutOfMemoryError after 1,301 pins
        assertThat(process.handles().values()).hasSize(100)
                .allSatisfy(h -> assertThat(h.grabs()).as("runs of one 512M pin").hasSizeLessThanOrEqualTo(2));
        StringBuilder release = new StringBuilder(s);
        for (int i = 0; i < 100; i++) {
            release.append("P release H").append(i).append('\n');
        }
        release.append("folio dax0.1 pgoff=0 => pin=0\nfolio dax0.1 pgoff=255 => ref=2 pin=0\n");
        Scripts.assertScript(release.toString());
    }

    /**
     * Pins are taken under the process's mmap lock only, not the kernel lock the inspector holds:
     * its invariant check and the script export walk a copy of the handle table (before, the live
     * LinkedHashMap, which a concurrent pin or release broke with ConcurrentModificationException).
     */
    @Test
    void pinsTakenWhileTheInspectorWalksTheHandlesNeverBreakTheWalk() throws Exception {
        var runner = Scripts.assertScript(DEVICE + "P mmap F len=2M as M\nP read M\n");
        Kernel k = runner.kernel();
        var p = k.processes().firstEntry().getValue();
        long addr = p.vmas()[0].start();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        var pinner = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 20_000; i++) {
                    int h = k.mm().gup(p, addr, 4096, true).handle();
                    k.mm().gup(p, addr + 4096, 4096, false);
                    k.mm().release(p, h);
                }
            } finally {
                done.set(true);
            }
        });
        SimInspector inspector = new SimInspector(k);
        long walks = 0;
        while (!done.get()) {
            inspector.checkInvariants();
            dev.daxscope.scenario.ScriptExporter.export(k);
            walks++;
        }
        pinner.get();
        assertThat(walks).isPositive();
    }
}
