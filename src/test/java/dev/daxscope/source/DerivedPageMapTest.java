package dev.daxscope.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.scenario.ScenarioParser;
import dev.daxscope.scenario.ScenarioRunner;
import dev.daxscope.source.sim.SimulatedSource;
import org.junit.jupiter.api.Test;

/**
 * On a real machine the page map derives counts from the mappings seen in /proc (R99 hides the
 * kernel's). Checked against the simulator, which knows the true counts: before every mapped page
 * has faulted the derived counts are an upper bound; after, they agree cell by cell.
 */
class DerivedPageMapTest {
    private static final int CELLS = 64;
    private static final String MAPPINGS = """
            region R dynamic start=0x100000000 size=1G
            write @R/create 1
            write /sys/bus/dax/devices/dax0.1/size 268435456
            bind dax0.1 device_dax
            spawn P
            spawn Q
            P open /dev/dax0.1 as F
            Q open /dev/dax0.1 as G
            P mmap F len=64M as A
            Q mmap G len=32M off=32M as B
            """;

    @Test
    void derivedCountsBoundTheKernelsWhilePagesAreUnfaulted() throws Exception {
        SimulatedSource sim = machine("P touch A len=32M step=2M\n");
        PageMapSummary derived = derived(sim);
        PageMapSummary truth = sim.pageMap("dax0.1", CELLS);
        assertThat(derived.derived()).isTrue();
        assertThat(truth.derived()).isFalse();
        assertThat(derived.cells()).isEqualTo(truth.cells());
        for (int i = 0; i < CELLS; i++) {
            assertThat(derived.maxMap()[i]).as("cell %d", i).isGreaterThanOrEqualTo(truth.maxMap()[i]);
            assertThat(derived.maxRef()[i]).isEqualTo(1 + derived.maxMap()[i]);
        }
        // 256 MiB in 64 cells of 4 MiB: P maps cells 0-15, Q cells 8-15; only P's first 32 MiB faulted.
        assertThat(derived.maxMap()[8]).isEqualTo(2);
        assertThat(truth.maxMap()[8]).isZero();
        assertThat(derived.maxMap()[16]).isZero();
    }

    @Test
    void derivedCountsEqualTheKernelsOnceEveryMappedPageFaulted() throws Exception {
        SimulatedSource sim = machine("P touch A len=64M step=2M\nQ touch B len=32M step=2M\n");
        PageMapSummary derived = derived(sim);
        PageMapSummary truth = sim.pageMap("dax0.1", CELLS);
        for (int i = 0; i < CELLS; i++) {
            assertThat(derived.maxMap()[i]).as("cell %d", i).isEqualTo(truth.maxMap()[i]);
        }
    }

    /** A famfs-mode device (fsdev_dax, R103) has order-0 folios: derived and simulated maps count 4 KiB folios. */
    @Test
    void aFamfsDeviceIsDrawnInFourKibFolios() throws Exception {
        ScenarioRunner runner = new ScenarioRunner(ScenarioParser.parse("famfs.dax", """
                kernel 7.3
                region R dynamic start=0x100000000 size=1G
                write @R/create 1
                write /sys/bus/dax/devices/dax0.1/size 268435456
                daxctl reconfigure-device --mode=famfs dax0.1
                """));
        while (runner.hasNext()) {
            assertThat(runner.step().failed()).isFalse();
        }
        SimulatedSource sim = new SimulatedSource(runner.kernel());
        PageMapSummary truth = sim.pageMap("dax0.1", CELLS);
        assertThat(truth.folioSize()).isEqualTo(4096);
        assertThat(truth.folioCount()).isEqualTo(268435456L / 4096);
        assertThat(derived(sim).folioSize()).isEqualTo(4096);
        assertThat(derived(sim).folioCount()).isEqualTo(truth.folioCount());
    }

    private static SimulatedSource machine(String touches) throws Exception {
        ScenarioRunner runner = new ScenarioRunner(ScenarioParser.parse("derived.dax", MAPPINGS + touches));
        while (runner.hasNext()) {
            assertThat(runner.step().failed()).isFalse();
        }
        return new SimulatedSource(runner.kernel());
    }

    private static PageMapSummary derived(SimulatedSource sim) {
        MachineSnapshot snap = sim.snapshot();
        return PageMapSummary.derivedFromMappings(snap.device("dax0.1").orElseThrow(), snap.processes(), 0, Long.MAX_VALUE, CELLS);
    }
}
