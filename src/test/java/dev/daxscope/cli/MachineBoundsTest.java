package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.daxscope.scenario.ScenarioParser;
import dev.daxscope.scenario.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Machines Linux cannot have are malformed scripts (exit 2, FILE:LINE:COL), never a
 * hang or an OutOfMemoryError; the largest machine that is allowed costs per sysfs access only
 * what the access touches.
 */
class MachineBoundsTest {

    /**
     * Nodes beyond MAX_NUMNODES, physical addresses beyond 52 bits, ids, aligns and block counts
     * that do not fit. Each row: a whole script | the LINE:COL named | words of the reason.
     */
    @Test
    void machinesLinuxCannotHaveAreMalformed(@TempDir Path tmp) throws Exception {
        String table = """
                memory nodes=2147483647 | 1:14 | MAX_NUMNODES
                memory nodes=1000000 | 1:14 | 1..1024
                memory nodes=0 | 1:14 | 1..1024
                region R hmem start=0x100000000 size=1G target_node=1024 | 1:53 | NUMA node
                region R hmem start=0x100000000 size=1G numa_node=-2 | 1:51 | NUMA node
                memory ram=0x7ffffffffffff000 | 1:12 | 2^52
                region R dynamic start=0x10000000000000 size=1G | 1:24 | 2^52
                region R dynamic start=0xfffffffe0000000 size=1G | 1:24 | 2^52
                region R dynamic start=0xfffffc0000000 size=2G | 1:45 | 2^52
                region R dynamic start=0x100000000 size=1G id=4294967296 | 1:47 | region id
                region R dynamic start=0x100000000 size=1G align=0 | 1:50 | power of two
                region R dynamic start=0x100000000 size=1G align=3M | 1:50 | power of two
                memory ram=16T | 1:12 | memory blocks
                region R dynamic start=0x100000000 size=8T | 1:41 | memory blocks
                """;
        Path f = tmp.resolve("m.dax");
        for (String row : table.lines().toList()) {
            String[] c = row.split(" \\| ");
            Files.writeString(f, c[0] + "\n");
            Cli.Run r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run("run", f.toString()));
            assertThat(r.exit()).as(c[0] + ": " + r.out() + r.err()).isEqualTo(2);
            assertThat(r.err()).as(c[0]).contains("m.dax:" + c[1] + ": ").contains(c[2]).doesNotContain("Exception")
                    .doesNotContain("Error");
        }
    }

    /**
     * Thread CPU time (not wall time: the machine is shared) of 1000 sysfs reads and writes on the
     * largest machine allowed (65535 memory blocks on 1024 nodes) against the same on the default
     * machine (32 blocks): when every access rebuilt the whole tree, the large one cost hundreds of
     * times more; lazily, about the same.
     */
    @Test
    void theLargestMachineAllowedPaysOnlyForWhatASysfsAccessTouches() throws Exception {
        String accesses = "read /sys/devices/system/memory/memory31/state => \"online\"\n".repeat(500)
                + "write /sys/devices/system/memory/auto_online_blocks online\n".repeat(500)
                + "read /sys/devices/system/node/node0/memory7/online => \"1\"\n";
        long small = cpuNanos(ScenarioParser.parse("small.dax", accesses));
        ScenarioRunner big = new ScenarioRunner(ScenarioParser.parse("big.dax",
                "memory block=128M ram=0x7fff8000000 nodes=1024\n" + accesses));
        long large = cpuNanos(big);
        assertThat(large).as("CPU ns on 65535 blocks vs %d on 32", small).isLessThan(10 * small + 500_000_000L);
        assertThat(big.kernel().sysfs().list("/sys/devices/system/memory")).hasSize(65535 + 5)
                .contains("memory0", "memory65534", "block_size_bytes");
        assertThat(big.kernel().sysfs().list("/sys/devices/system/node")).hasSize(1024 + 4).contains("node1023");
    }

    private static long cpuNanos(dev.daxscope.scenario.Scenario script) {
        return cpuNanos(new ScenarioRunner(script));
    }

    private static long cpuNanos(ScenarioRunner runner) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            long before = threads.getCurrentThreadCpuTime();
            while (runner.hasNext()) {
                var r = runner.step();
                assertThat(r.failed()).as(r.statement().text() + " -> " + r.result() + " " + r.detail()).isFalse();
            }
            return threads.getCurrentThreadCpuTime() - before;
        });
    }
}
