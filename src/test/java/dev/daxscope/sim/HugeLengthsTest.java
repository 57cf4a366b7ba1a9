package dev.daxscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.scenario.ScenarioParser;
import dev.daxscope.scenario.ScenarioRunner;
import dev.daxscope.scenario.StepResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lengths and addresses near 2^63 and 2^64 get Linux's answers, never a 64-bit
 * wrap-around that reports ok: munmap EINVAL past TASK_SIZE (mm/mmap.c), mprotect and madvise
 * ENOMEM over the unmapped space (mm/mprotect.c, mm/madvise.c), touching past a mapping SIGSEGV,
 * GUP EOVERFLOW or EFAULT (mm/gup.c), mmap ENOMEM (nothing is taken or changed by a refusal).
 */
class HugeLengthsTest {
    private static final String MACHINE = """
            region D dynamic start=0x100000000 size=1G align=2M
            write @D/create 1
            write /sys/bus/dax/devices/dax0.1/size 536870912
            bind dax0.1 device_dax
            spawn P
            P open /dev/dax0.1 as F
            P mmap F len=4M as A
            """;

    private static List<StepResult> run(String statements) throws Exception {
        ScenarioRunner r = new ScenarioRunner(ScenarioParser.parse("huge.dax", MACHINE + statements));
        List<StepResult> out = new ArrayList<>();
        while (r.hasNext()) {
            out.add(r.step());
        }
        return out;
    }

    private static void assertEveryExpectationHolds(List<StepResult> rows) {
        for (StepResult row : rows) {
            assertThat(row.failed()).as(row.statement().text() + " -> " + row.result() + " " + row.detail()).isFalse();
        }
    }

    @Test
    void touchingPastAMappingWithAWrappingLengthIsSigsegv() throws Exception {
        assertEveryExpectationHolds(run("""
                P touch A len=8388607T => SIGSEGV:MAPERR
                P touch A len=1T => SIGSEGV:MAPERR
                P touch A len=0x7fffffffffffffff step=2M => SIGSEGV:MAPERR
                P touch A len=4M step=2M
                """));
    }

    @Test
    void munmapPastTaskSizeIsEinvalAndLeavesTheMappingAlone() throws Exception {
        assertEveryExpectationHolds(run("""
                P munmap 0 len=9223372036854775807 => EINVAL
                P munmap A len=0x7fffffffffffffff => EINVAL
                P munmap 0x800000000000 len=4K => EINVAL
                P read A+0x200000
                folio dax0.1 pgoff=512 => ref=2 map=1
                P munmap A len=4M
                """));
    }

    @Test
    void mprotectAndMadviseOverHugeLengthsAreEnomemAsTheUnmappedSpaceIs() throws Exception {
        assertEveryExpectationHolds(run("""
                P read A
                P mprotect A len=9223372036854775807 ro => ENOMEM
                P write A
                P mprotect 0 len=0x7ffffffffffff000 ro => ENOMEM
                P madvise A len=9223372036854775807 nohugepage => ENOMEM
                P madvise 0x4000000000000000 len=4K hugepage => ENOMEM
                P madvise A+0x7ffffffffffff000 len=0x7fffffffffffffff dontneed => EINVAL
                P madvise A len=9223372036854775807 dontneed => ENOMEM
                folio dax0.1 pgoff=0 => ref=1 map=0
                """));
    }

    @Test
    void getAndPinOfHugeLengthsAreRefusedAndTakeNothing() throws Exception {
        assertEveryExpectationHolds(run("""
                P pin A len=0x7ffffffffffff000 as H1 => EFAULT
                P get A len=0x7fffffffffffffff as H2 => EFAULT
                P get A+0x7fffffffffffffff len=0x7ffffffffffff000 as H3 => EOVERFLOW
                P pin A len=8M as H4 => EFAULT
                folio dax0.1 pgoff=0 => ref=2 map=1 pin=0
                P pin A len=4K as H5
                folio dax0.1 pgoff=0 => ref=3 map=1 pin=1
                """));
    }

    /** Found by HostileInputFuzzTest: pgoff << 12 wrapped and indexed the folio table at -1. */
    @Test
    void aFolioPastTheDeviceIsNoneEvenWhenItsByteOffsetWraps() throws Exception {
        assertEveryExpectationHolds(run("""
                folio dax0.1 pgoff=0x7ffffffffffff000 => none
                folio dax0.1 pgoff=0x10000000000000 => none
                folio dax0.1 pgoff=131071 => ref=1 map=0
                folio dax0.1 pgoff=131072 => none
                """));
    }

    @Test
    void mmapOfMoreThanTheAddressSpaceIsEnomem() throws Exception {
        assertEveryExpectationHolds(run("""
                P mmap F len=0x7ffffffffffff000 as B => ENOMEM
                P mmap F len=128T as C => ENOMEM
                P mmap F len=2M at=0x7fffffe00000 as E => ENOMEM
                P mmap F len=2M off=0x7fffffffffe00000 as G
                P read G => SIGBUS
                P read A
                """));
    }
}
