package dev.daxscope.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.linux.DamonReader;
import dev.daxscope.model.damon.DamonState;
import dev.daxscope.sim.SysfsExporter;
import dev.daxscope.source.sim.MachineLoader;
import dev.daxscope.source.sim.SimulatedSource;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated machine's DAMON is read through its exported sysfs, which costs hundreds of files;
 * the source keeps what it read while nothing DAMON shows has changed, and never longer: each kind
 * of change (simulated time, a kdamond's state, DAMON_STAT switched, a memory block onlined) is
 * seen by the next read exactly as a fresh export shows it.
 */
class SimulatedDamonReadingTest {
    private static final String MACHINE = """
            kernel 6.18
            memory block=128M auto_online=offline ram=4G
            region X cxl start=0x1080000000 size=1G target_node=1
            spawn HOT
            HOT alloc len=256M node=0
            HOT work
            monitor node=0
            """;

    @TempDir
    Path dir;

    private DamonState exportedNow(SimulatedSource source) throws IOException {
        Path out = dir.resolve("export" + System.nanoTime());
        SysfsExporter.export(source.kernel(), out);
        return new DamonReader(out.resolve("sys")).read();
    }

    @Test
    void aReadingIsKeptWhileNothingChangedAndReplacedByEachKindOfChange() throws Exception {
        try (SimulatedSource source = MachineLoader.source("damon.dax", MACHINE)) {
            DamonState first = source.damon();
            assertThat(source.damon()).as("nothing changed: the same reading").isSameAs(first);

            source.kernel().elapse(2_000_000);
            DamonState sampled = source.damon();
            assertThat(sampled.snapshots()).as("2 s of sampling").isNotEmpty().isNotEqualTo(first.snapshots())
                    .isEqualTo(exportedNow(source).snapshots());

            assertThat(source.write("/sys/kernel/mm/damon/admin/kdamonds/0/state", "off\n").isOk()).isTrue();
            assertThat(source.damon().kdamonds().getFirst().on()).as("the kdamond switched off").isFalse();

            assertThat(source.write("/sys/module/damon_stat/parameters/enabled", "Y\n").isOk()).isTrue();
            assertThat(source.damon().stat()).as("DAMON_STAT switched on").hasValueSatisfying(s -> assertThat(s.enabled()).isTrue());

            DamonState beforeOnline = source.damon();
            assertThat(source.write("/sys/devices/system/memory/memory" + (0x1080000000L >> 27) + "/state", "online\n").isOk())
                    .isTrue();
            assertThat(source.damon().nodeMemory()).as("a block of node 1 onlined")
                    .isNotEqualTo(beforeOnline.nodeMemory()).isEqualTo(exportedNow(source).nodeMemory());
        }
    }
}
