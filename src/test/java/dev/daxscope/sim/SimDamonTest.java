package dev.daxscope.sim;

import static dev.daxscope.sim.Scripts.assertScript;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.linux.DamonReader;
import dev.daxscope.model.damon.DamonState;
import dev.daxscope.model.damon.DamonState.Region;
import dev.daxscope.model.damon.HeatSnapshot;
import dev.daxscope.sim.mm.AnonymousMemory.PhysicalExtent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated DAMON, read back through its exported sysfs with the reader a real machine uses:
 * a hot and a cold process on a CXL node, regions within min/max that tile the node, accesses
 * in DAMON's units, seeded determinism, DAMON_STAT's figures and what each kernel version has.
 */
class SimDamonTest {
    @TempDir
    Path dir;

    static final String HOT_AND_COLD = """
            kernel 6.18
            memory block=128M auto_online=online_movable ram=4G
            region X cxl start=0x1080000000 size=1G target_node=1
            spawn HOT
            spawn COLD
            COLD alloc len=256M node=1
            HOT alloc len=256M node=1
            HOT work
            """;

    private DamonState exported(Kernel k) throws IOException {
        Path out = dir.resolve("export" + System.nanoTime());
        SysfsExporter.export(k, out);
        return new DamonReader(out.resolve("sys")).read();
    }

    private static PhysicalExtent extentOf(Kernel k, String name) {
        int pid = k.processes().values().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().pid();
        return k.damon().extents().stream().filter(e -> e.pids().contains(pid)).findFirst().orElseThrow();
    }

    @Test
    void theHotProcesssRangeIsHottestAndTheColdOneIdle() throws IOException {
        Kernel k = assertScript(HOT_AND_COLD + "monitor node=1\nelapse 3s\n").kernel();
        HeatSnapshot snap = exported(k).snapshots().getFirst();
        PhysicalExtent hot = extentOf(k, "HOT");
        PhysicalExtent cold = extentOf(k, "COLD");
        Region top = snap.hottestFirst().getFirst();
        assertThat(top.start()).isGreaterThanOrEqualTo(hot.physStart());
        assertThat(top.end()).isLessThanOrEqualTo(hot.physStart() + hot.bytes());
        assertThat(top.nrAccesses()).isEqualTo(snap.maxNrAccesses()).isEqualTo(20);
        assertThat(top.age()).isPositive();
        // Regions fully inside the hot range are hot every sample; fully inside the cold range never.
        for (Region r : snap.regions()) {
            if (r.start() >= hot.physStart() && r.end() <= hot.physStart() + hot.bytes()) {
                assertThat(r.nrAccesses()).as("hot %s", r).isEqualTo(20);
            }
            if (r.start() >= cold.physStart() && r.end() <= cold.physStart() + cold.bytes()) {
                assertThat(r.nrAccesses()).as("cold %s", r).isZero();
            }
        }
        assertThat(snap.hotBytes()).isBetween(hot.bytes(), hot.bytes() + (128L << 20));
    }

    @Test
    void regionsTileTheNodeWithinMinAndMaxAtEveryAggregation() {
        Kernel k = assertScript(HOT_AND_COLD + "monitor node=1 min=10 max=40 seed=7\n").kernel();
        int most = 0;
        for (int i = 0; i < 30; i++) {
            k.elapse(100_000);
            List<Region> regions = k.damon().kdamonds().getFirst().triedRegions();
            most = Math.max(most, regions.size());
            assertThat(regions.size()).as("after %d aggregations", i + 1).isBetween(3, 40);
            assertThat(regions.getFirst().start()).isEqualTo(0x1080000000L);
            assertThat(regions.getLast().end()).isEqualTo(0x1080000000L + (1L << 30));
            for (int j = 1; j < regions.size(); j++) {
                assertThat(regions.get(j).start()).isEqualTo(regions.get(j - 1).end());
            }
        }
        assertThat(most).as("regions were split beyond the initial 11 (1 GiB / 10, rounded up)").isGreaterThan(14);
    }

    @Test
    void theSameSeedGivesTheSameRegionsAndAnotherSeedOtherSplits() {
        List<Region> a = assertScript(HOT_AND_COLD + "monitor node=1 seed=3\nelapse 2s\n").kernel().damon().kdamonds().getFirst().triedRegions();
        List<Region> b = assertScript(HOT_AND_COLD + "monitor node=1 seed=3\nelapse 2s\n").kernel().damon().kdamonds().getFirst().triedRegions();
        List<Region> c = assertScript(HOT_AND_COLD + "monitor node=1 seed=4\nelapse 2s\n").kernel().damon().kdamonds().getFirst().triedRegions();
        System.out.println("SimDamonTest seeds 3 and 4");
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void elapsingInStepsIsElapsingAtOnce() {
        Kernel once = assertScript(HOT_AND_COLD + "monitor node=1\nelapse 2s\n").kernel();
        Kernel steps = assertScript(HOT_AND_COLD + "monitor node=1\n" + "elapse 3ms\n".repeat(666) + "elapse 2ms\n").kernel();
        assertThat(steps.damon().kdamonds().getFirst().triedRegions()).isEqualTo(once.damon().kdamonds().getFirst().triedRegions());
    }

    @Test
    void aHalfRateCountsAboutHalfTheSamples() {
        Kernel k = assertScript(HOT_AND_COLD.replace("HOT work", "HOT work len=128M rate=50") + "monitor node=1 seed=11\nelapse 5s\n").kernel();
        PhysicalExtent hot = extentOf(k, "HOT");
        List<Region> inside = k.damon().kdamonds().getFirst().triedRegions().stream()
                .filter(r -> r.start() >= hot.physStart() && r.end() <= hot.physStart() + (128L << 20)).toList();
        assertThat(inside).isNotEmpty().allSatisfy(r -> assertThat(r.nrAccesses()).isBetween(4L, 16L));
    }

    @Test
    void damonStatPublishesBandwidthAndIdlePercentiles() throws IOException {
        Kernel k = assertScript(HOT_AND_COLD.replace("ram=4G", "ram=512M") + "write /sys/module/damon_stat/parameters/enabled Y\nelapse 6s\n").kernel();
        DamonState.DamonStat stat = exported(k).stat().orElseThrow();
        assertThat(stat.enabled()).isTrue();
        // The biggest System RAM range is the 1 GiB CXL node here: a quarter of it accessed every sample.
        assertThat(stat.estimatedBandwidth().orElseThrow()).isBetween((256L << 20) * 20 * 10 / 2, (384L << 20) * 20 * 10);
        assertThat(stat.idleMsPercentiles()).hasSize(101);
        assertThat(stat.idleMsPercentiles().getFirst()).isNegative();
        assertThat(stat.idleMsPercentiles().getLast()).isPositive();
        assertThat(stat.aggrIntervalUs()).hasValue(100_000);
    }

    @Test
    void kernelsGateWhatExists() throws IOException {
        Kernel old = assertScript(HOT_AND_COLD.replace("kernel 6.18", "kernel 6.1") + "monitor node=1\nelapse 1s\n").kernel();
        DamonState s = exported(old);
        assertThat(s.snapshots()).isEmpty();
        assertThat(s.notes()).anySatisfy(n -> assertThat(n).contains("tried_regions: absent (kernel before 6.2)"));
        assertThat(s.notes()).anySatisfy(n -> assertThat(n).contains("damon_stat"));
        assertThat(old.sysfs().read("/sys/module/damon_stat/parameters/enabled").outcome().toString()).contains("ENOENT");
    }

    @Test
    void devdaxMemoryIsNeverMonitoredAndBadMonitorsAreRefused() {
        assertScript("""
                kernel 6.18
                region A pmem start=0x100000000 size=1G target_node=1
                say "dax0.0 is devdax on node 1: ZONE_DEVICE, not System RAM, so node 1 has nothing DAMON can monitor."
                read /sys/devices/system/node/has_memory => "0"
                monitor node=1 => EINVAL
                monitor node=0 min=2 => EINVAL
                monitor node=0 sample=200ms aggr=100ms => EINVAL
                spawn P
                P work => EINVAL
                """);
    }
}
