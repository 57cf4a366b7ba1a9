package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.model.damon.DamonState;
import dev.daxscope.model.damon.HeatSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DAMON sysfs and DAMON_STAT reader against trees laid out as the kernel does and a real 6.18 host's tree. */
class DamonReaderTest {
    @TempDir
    Path dir;

    private void write(String rel, String text) throws IOException {
        Path p = dir.resolve("sys").resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text + "\n");
    }

    private static final String K = "kernel/mm/damon/admin/kdamonds/";

    /** A paddr kdamond with a stat scheme that matches everything and two tried regions, plus DAMON_STAT. */
    private void monitoredMachine() throws IOException {
        write(K + "nr_kdamonds", "1");
        write(K + "0/state", "on");
        write(K + "0/pid", "812");
        String c = K + "0/contexts/0/";
        write(K + "0/contexts/nr_contexts", "1");
        write(c + "operations", "paddr");
        write(c + "monitoring_attrs/intervals/sample_us", "5000");
        write(c + "monitoring_attrs/intervals/aggr_us", "100000");
        write(c + "monitoring_attrs/intervals/update_us", "1000000");
        write(c + "monitoring_attrs/nr_regions/min", "10");
        write(c + "monitoring_attrs/nr_regions/max", "1000");
        write(c + "targets/nr_targets", "1");
        write(c + "targets/0/pid_target", "0");
        write(c + "targets/0/regions/nr_regions", "1");
        write(c + "targets/0/regions/0/start", "1073741824");
        write(c + "targets/0/regions/0/end", "1610612736");
        String s = c + "schemes/0/";
        write(c + "schemes/nr_schemes", "1");
        write(s + "action", "stat");
        write(s + "access_pattern/sz/min", "0");
        write(s + "access_pattern/sz/max", "18446744073709551615");
        write(s + "access_pattern/nr_accesses/min", "0");
        write(s + "access_pattern/nr_accesses/max", "4294967295");
        write(s + "access_pattern/age/min", "0");
        write(s + "access_pattern/age/max", "4294967295");
        write(s + "stats/nr_tried", "20");
        write(s + "tried_regions/total_bytes", "536870912");
        write(s + "tried_regions/0/start", "1073741824");
        write(s + "tried_regions/0/end", "1342177280");
        write(s + "tried_regions/0/nr_accesses", "0");
        write(s + "tried_regions/0/age", "31");
        write(s + "tried_regions/1/start", "1342177280");
        write(s + "tried_regions/1/end", "1610612736");
        write(s + "tried_regions/1/nr_accesses", "18");
        write(s + "tried_regions/1/age", "7");
        write("module/damon_stat/parameters/enabled", "N");
        write("module/damon_stat/parameters/estimated_memory_bandwidth", "4096000");
        write("module/damon_stat/parameters/memory_idle_ms_percentiles", "-800,-800,100,3200");
        write("module/damon_stat/parameters/aggr_interval_us", "100000");
    }

    @Test
    void readsAKdamondItsTriedRegionsAndDamonStat() throws IOException {
        monitoredMachine();
        DamonState state = new DamonReader(dir.resolve("sys")).read();
        assertThat(state.notes()).isEmpty();
        DamonState.Kdamond k = state.kdamonds().getFirst();
        assertThat(k.on()).isTrue();
        assertThat(k.pid()).hasValue(812);
        DamonState.Context c = k.contexts().getFirst();
        assertThat(c.physical()).isTrue();
        assertThat(c.intervals().maxNrAccesses()).isEqualTo(20);
        assertThat(c.targets().getFirst().regions()).containsExactly(new DamonState.AddressRange(1L << 30, 3L << 29));
        DamonState.Scheme s = c.schemes().getFirst();
        assertThat(s.pattern().matchesEverything()).isTrue();
        assertThat(s.triedTotalBytes()).hasValue(536870912);
        HeatSnapshot snap = state.snapshots().getFirst();
        assertThat(snap.hottestFirst().getFirst()).isEqualTo(new DamonState.Region(1342177280L, 1610612736L, 18, 7));
        assertThat(snap.hotBytes()).isEqualTo(256L << 20);
        DamonState.DamonStat stat = state.stat().orElseThrow();
        assertThat(stat.enabled()).isFalse();
        assertThat(stat.estimatedBandwidth()).hasValue(4096000);
        assertThat(stat.idleMsPercentiles()).containsExactly(-800L, -800L, 100L, 3200L);
        assertThat(stat.aggrIntervalUs()).hasValue(100000);
    }

    @Test
    void everyAbsenceIsExplainedNeverThrown() throws IOException {
        Files.createDirectories(dir.resolve("sys/kernel"));
        DamonState state = new DamonReader(dir.resolve("sys")).read();
        assertThat(state.kdamonds()).isEmpty();
        assertThat(state.stat()).isEmpty();
        assertThat(state.notes()).anySatisfy(n -> assertThat(n).contains("/sys/kernel/mm/damon/admin/kdamonds: absent")
                .contains("CONFIG_DAMON_SYSFS"));
        assertThat(state.notes()).anySatisfy(n -> assertThat(n).contains("damon_stat").contains("6.17"));
    }

    @Test
    void aKernelBeforeTriedRegionsAndGarbageAreNamed() throws IOException {
        monitoredMachine();
        String s = K + "0/contexts/0/schemes/0/";
        for (String f : new String[] {"0/start", "0/end", "0/nr_accesses", "0/age", "1/start", "1/end", "1/nr_accesses", "1/age", "total_bytes"}) {
            Files.delete(dir.resolve("sys").resolve(s + "tried_regions/" + f));
        }
        Files.delete(dir.resolve("sys").resolve(s + "tried_regions/0"));
        Files.delete(dir.resolve("sys").resolve(s + "tried_regions/1"));
        Files.delete(dir.resolve("sys").resolve(s + "tried_regions"));
        write(K + "0/contexts/0/monitoring_attrs/intervals/sample_us", "fast");
        DamonState state = new DamonReader(dir.resolve("sys")).read();
        assertThat(state.snapshots()).isEmpty();
        assertThat(state.notes()).anySatisfy(n -> assertThat(n).endsWith("tried_regions: absent (kernel before 6.2): no per-region access figures from this scheme"));
        assertThat(state.notes()).anySatisfy(n -> assertThat(n).isEqualTo(
                "/sys/kernel/mm/damon/admin/kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us: 'fast' is not a number"));
    }

    /** The tree of the machine this was written on, copied read-only: a DAMON_RECLAIM-like kdamond, no DAMON_STAT. */
    @Test
    void aRealSixEighteenHost() {
        DamonState state = new DamonReader(TestFiles.project().resolve("src/test/fixtures/damon/buildhost-6.18/sys")).read();
        DamonState.Kdamond k = state.kdamonds().getFirst();
        assertThat(k.on()).isTrue();
        DamonState.Context c = k.contexts().getFirst();
        assertThat(c.intervals()).isEqualTo(new DamonState.Intervals(500000, 5000000, 60000000, false));
        assertThat(c.minRegions()).isEqualTo(1024);
        DamonState.Scheme s = c.schemes().getFirst();
        assertThat(s.action()).isEqualTo("pageout");
        assertThat(s.pattern().matchesEverything()).isFalse();
        assertThat(s.pattern().maxSize()).isEqualTo(-1L);
        assertThat(s.triedRegions()).hasValue(java.util.List.of());
        assertThat(state.stat()).isEmpty();
        assertThat(state.notes()).singleElement().asString().contains("damon_stat");
    }
}
