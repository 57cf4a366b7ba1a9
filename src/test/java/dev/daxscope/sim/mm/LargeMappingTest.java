package dev.daxscope.sim.mm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.bench.BenchMachines;
import dev.daxscope.sim.Kernel;
import org.junit.jupiter.api.Test;

/**
 * A terabyte device maps whole, twice in one process, as on Linux (128 TiB of user address space):
 * the allocator's upward cursor starts 1 TiB under TASK_SIZE, so such mappings go below it.
 */
class LargeMappingTest {
    private static final long TIB = 1L << 40;

    @Test
    void twoTerabyteMappingsFitWithoutOverlapAndFaultAtTheirLastPage() {
        Kernel k = BenchMachines.withDevice(TIB, TIB, 4096);
        SimProcess p = k.spawn("mapper");
        long first = BenchMachines.map(k, p, TIB, 0);
        long second = BenchMachines.map(k, p, TIB, 0);
        assertThat(Long.compareUnsigned(first + TIB, RangeChecks.TASK_SIZE)).isLessThanOrEqualTo(0);
        assertThat(first + TIB <= second || second + TIB <= first).as("the two mappings do not overlap").isTrue();
        MemoryManager mm = k.mm();
        assertThat(mm.access(mm.defaultContext(), p, first + TIB - 4096, true).isOk()).isTrue();
        assertThat(mm.access(mm.defaultContext(), p, second + TIB - 4096, false).isOk()).isTrue();
    }

    @Test
    void aForkChildsNewMappingMissesWhatItInherited() {
        Kernel k = BenchMachines.withDevice(TIB, TIB, 4096);
        SimProcess parent = k.spawn("parent");
        long inherited = BenchMachines.map(k, parent, TIB, 0);
        SimProcess child = k.mm().fork(parent, "child");
        long own = BenchMachines.map(k, child, TIB, 0);
        assertThat(inherited + TIB <= own || own + TIB <= inherited).as("the child's mapping misses the inherited one").isTrue();
    }
}
