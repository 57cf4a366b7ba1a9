package dev.daxscope.sim;

import static dev.daxscope.sim.Scripts.assertScript;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.MemoryTopology;
import dev.daxscope.scenario.ScenarioRunner;
import dev.daxscope.source.sim.SimulatedSource;
import org.junit.jupiter.api.Test;

/**
 * {@code P alloc len=SIZE node=N}: anonymous memory bound to a node as {@code numactl --membind}
 * gives it, seen where the kernel shows it (nodeN/meminfo, /proc/PID/numa_maps), and a device-DAX
 * mapping's numa_maps line without page counts (ZONE_DEVICE pages are never counted).
 */
class AnonymousMemoryTest {
    /** A CXL region kmem onlines as node 2 (1 GiB), and a 4K device-DAX device to map. */
    private static final String MACHINE = "memory block=128M auto_online=online ram=4G\n"
            + Scripts.REGION_A_BOUND.replace("target_node=2", "target_node=0")
            + "region X cxl start=0x1080000000 size=1G align=2M target_node=2\n";

    @Test
    void allocatedPagesShowInTheNodesMeminfoAndTheProcessNumaMaps() {
        ScenarioRunner r = assertScript(MACHINE + """
                spawn db
                db open /dev/dax0.1 as F
                db mmap F len=2M as A
                db touch A len=2M step=2M write
                db alloc len=10M node=2
                db alloc len=6K node=0
                """);
        Kernel k = r.kernel();
        int pid = k.processes().firstKey();
        String maps = k.sysfs().read("/proc/" + pid + "/numa_maps").text();
        // Top-down below the mmap base, as get_unmapped_area: the 6K allocation fills the gap above the mapping.
        assertThat(maps.lines().toList()).containsExactly(
                "7effff001000 bind:2 anon=2560 dirty=2560 active=0 N2=2560 kernelpagesize_kB=4",
                "7effffc00000 default file=/dev/dax0.1",
                "7effffe01000 bind:0 anon=2 dirty=2 active=0 N0=2 kernelpagesize_kB=4");
        assertThat(k.sysfs().read("/sys/devices/system/node/node2/meminfo").text())
                .contains("Node 2 MemTotal:        1048576 kB", "Node 2 MemFree:         1038336 kB", "Node 2 MemUsed:           10240 kB");
        assertThat(k.sysfs().read("/proc/" + pid + "/comm").text()).isEqualTo("db\n");
    }

    @Test
    void aNodeWithoutMemoryIsEinvalTooMuchIsEnomemAndAnExitedProcessEsrch() {
        assertScript(MACHINE + """
                spawn p
                p alloc len=4K node=1 => EINVAL
                p alloc len=0 node=2 => EINVAL
                p alloc len=2G node=2 => ENOMEM
                p alloc len=1G node=2
                p alloc len=4K node=2 => ENOMEM
                p exit
                p alloc len=4K node=2 => ESRCH
                read /sys/devices/system/node/node2/meminfo => "Node 2 MemTotal:        1048576 kB\\nNode 2 MemFree:         1048576 kB\\nNode 2 MemUsed:               0 kB"
                """);
    }

    @Test
    void aForkChildSharesThePagesWhichAreFreedWithTheLastHolder() {
        ScenarioRunner r = assertScript(MACHINE + """
                spawn p
                p alloc len=8K node=2
                p fork c
                p exit
                """);
        Kernel k = r.kernel();
        int child = k.processes().lastKey();
        assertThat(k.sysfs().read("/proc/" + child + "/numa_maps").text()).contains("anon=2 dirty=2 active=0 N2=2 ");
        assertThat(k.sysfs().read("/sys/devices/system/node/node2/meminfo").text()).containsPattern("Node 2 MemUsed: +8 kB");
        assertThat(k.sysfs().read("/proc/" + k.processes().firstKey() + "/numa_maps").outcome().isOk()).isFalse();
    }

    @Test
    void offliningTheNodesMemoryMigratesThePagesToNodeZero() {
        ScenarioRunner r = assertScript(MACHINE + """
                spawn p
                p alloc len=200M node=2
                """);
        Kernel k = r.kernel();
        for (long b = 0x1080000000L / (128 << 20); b < 0x10c0000000L / (128 << 20); b++) {
            assertThat(k.sysfs().write("/sys/devices/system/memory/memory" + b + "/state", "offline\n").isOk()).isTrue();
        }
        String maps = k.sysfs().read("/proc/" + k.processes().firstKey() + "/numa_maps").text();
        assertThat(maps).contains("bind:2 anon=51200 dirty=51200 active=0 N0=51200 kernelpagesize_kB=4");
        assertThat(k.sysfs().read("/sys/devices/system/node/node0/meminfo").text()).containsPattern("Node 0 MemUsed: +204800 kB");
    }

    @Test
    void theSimulatedSourceTopologyCountsTheProcessOnItsNode() {
        SimulatedSource s = new SimulatedSource(assertScript(MACHINE + """
                spawn db
                db alloc len=4M node=2
                """).kernel());
        MemoryTopology t = s.topology();
        assertThat(t.pagesOnNode(2)).containsExactly(java.util.Map.entry(t.processes().getFirst().pid(), 1024L));
        assertThat(t.processes().getFirst().name()).isEqualTo("db");
    }
}
