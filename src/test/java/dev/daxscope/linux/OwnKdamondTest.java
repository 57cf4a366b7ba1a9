package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.damon.DamonState.AddressRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * daxscope's own kdamond against a simulated DAMON sysfs that answers as mm/damon/sysfs.c does:
 * nr_kdamonds cannot change while a kdamond runs, a kdamond cannot start while DAMON_STAT holds
 * DAMON and DAMON_STAT cannot start while one runs (EBUSY), and a lock held elsewhere is EBUSY
 * for a while. Never run against this machine's kernel.
 */
class OwnKdamondTest {
    private static final String K = OwnKdamond.KDAMONDS;
    private static final List<AddressRange> NODE_1 = List.of(new AddressRange(0x100000000L, 0x140000000L),
            new AddressRange(0x180000000L, 0x1c0000000L));

    /** The kernel's answers, and every write made, in order. */
    private static final class SimulatedDamonSysfs implements OwnKdamond.Attributes {
        final Map<String, String> files = new HashMap<>();
        final List<String> writes = new ArrayList<>();
        final Map<String, Integer> busyFor = new HashMap<>();

        SimulatedDamonSysfs(int kdamonds, String othersState, boolean stat) {
            files.put(K + "/nr_kdamonds", Integer.toString(kdamonds));
            for (int i = 0; i < kdamonds; i++) {
                files.put(K + "/" + i + "/state", othersState);
            }
            files.put(OwnKdamond.STAT_ENABLED, stat ? "Y" : "N");
        }

        boolean anyOn() {
            return files.entrySet().stream().anyMatch(e -> e.getKey().endsWith("/state") && e.getValue().equals("on"));
        }

        @Override
        public Optional<String> read(String path) {
            return Optional.ofNullable(files.get(path)).map(v -> v + "\n");
        }

        @Override
        public Outcome write(String path, String value) {
            writes.add(path + " " + value.strip());
            String v = value.strip();
            int busy = busyFor.getOrDefault(path, 0);
            if (busy > 0) {
                busyFor.put(path, busy - 1);
                return Outcome.fail(Errno.EBUSY, "", "damon_sysfs_lock held");
            }
            if (path.equals(K + "/nr_kdamonds")) {
                if (anyOn()) {
                    return Outcome.fail(Errno.EBUSY, "", "a kdamond is running");
                }
                int before = Integer.parseInt(files.get(path));
                for (int i = before; i < Integer.parseInt(v); i++) {
                    files.put(K + "/" + i + "/state", "off");
                }
                for (int i = Integer.parseInt(v); i < before; i++) {
                    int gone = i;
                    files.keySet().removeIf(p -> p.startsWith(K + "/" + gone + "/"));
                }
            } else if (path.equals(OwnKdamond.STAT_ENABLED) && v.equals("Y") && anyOn()) {
                return Outcome.fail(Errno.EBUSY, "", "DAMON is in use");
            } else if (path.endsWith("/state") && v.equals("on") && files.get(OwnKdamond.STAT_ENABLED).equals("Y")) {
                return Outcome.fail(Errno.EBUSY, "", "DAMON_STAT holds DAMON");
            } else if (path.endsWith("/state") && !v.equals("on") && !v.equals("off")) {
                return files.get(path).equals("on") ? Outcome.ok() : Outcome.fail(Errno.EINVAL, "", "not running");
            }
            files.put(path, v);
            return Outcome.ok();
        }
    }

    private final List<Long> pauses = new ArrayList<>();

    @Test
    void itAddsAPaddrKdamondWithAStatSchemeOverTheNodeAndNeverTouchesTheMachinesOwn() {
        SimulatedDamonSysfs sysfs = new SimulatedDamonSysfs(1, "off", false);
        OwnKdamond.Started started = OwnKdamond.start(sysfs, NODE_1, () -> true, pauses::add);
        assertThat(started.outcome().isOk()).as(started.outcome().toString()).isTrue();
        OwnKdamond k = started.kdamond().orElseThrow();
        assertThat(k.index()).isEqualTo(1);
        String c = K + "/1/contexts/0";
        assertThat(sysfs.writes).contains(K + "/nr_kdamonds 2", c + "/operations paddr", c + "/targets/0/regions/nr_regions 2",
                c + "/targets/0/regions/1/start " + 0x180000000L, c + "/targets/0/regions/1/end " + 0x1c0000000L,
                c + "/schemes/0/action stat", c + "/schemes/0/access_pattern/sz/max 18446744073709551615",
                c + "/schemes/0/access_pattern/nr_accesses/max 4294967295", c + "/schemes/0/access_pattern/age/max 4294967295");
        assertThat(sysfs.writes.getLast()).isEqualTo(K + "/1/state on");
        assertThat(sysfs.files.get(K + "/1/state")).isEqualTo("on");

        assertThat(k.snapshot().isOk()).isTrue();
        assertThat(k.clear().isOk()).isTrue();
        k.close();
        assertThat(k.notUndone()).isEmpty();
        assertThat(sysfs.files.get(K + "/nr_kdamonds")).as("its directory removed again").isEqualTo("1");
        assertThat(sysfs.writes).containsSubsequence(K + "/1/state update_schemes_tried_regions",
                K + "/1/state clear_schemes_tried_regions", K + "/1/state off", K + "/nr_kdamonds 1");
        assertThat(sysfs.writes).noneMatch(w -> w.startsWith(K + "/0/")).noneMatch(w -> w.startsWith(OwnKdamond.STAT_ENABLED));
        assertThat(pauses).isEmpty();
    }

    @Test
    void damonStatIsPausedOnlyWhenThePersonSaysSoAndRestoredAfterwards() {
        SimulatedDamonSysfs refused = new SimulatedDamonSysfs(0, "off", true);
        OwnKdamond.Started no = OwnKdamond.start(refused, NODE_1, () -> false, pauses::add);
        assertThat(no.kdamond()).isEmpty();
        assertThat(no.outcome().explanation()).contains("DAMON_STAT holds DAMON and was not paused");
        assertThat(refused.writes).isEmpty();

        SimulatedDamonSysfs sysfs = new SimulatedDamonSysfs(0, "off", true);
        OwnKdamond k = OwnKdamond.start(sysfs, NODE_1, () -> true, pauses::add).kdamond().orElseThrow();
        assertThat(sysfs.writes.getFirst()).isEqualTo(OwnKdamond.STAT_ENABLED + " N");
        k.close();
        assertThat(sysfs.files.get(OwnKdamond.STAT_ENABLED)).isEqualTo("Y");
        assertThat(sysfs.writes.getLast()).isEqualTo(OwnKdamond.STAT_ENABLED + " Y");
    }

    @Test
    void ebusyIsRetriedWithABoundThenReportedAndEverythingIsUndone() {
        SimulatedDamonSysfs briefly = new SimulatedDamonSysfs(0, "off", false);
        briefly.busyFor.put(K + "/0/state", 3);
        assertThat(OwnKdamond.start(briefly, NODE_1, () -> true, pauses::add).outcome().isOk()).isTrue();
        assertThat(pauses).containsExactly(50L, 100L, 150L);

        pauses.clear();
        SimulatedDamonSysfs forever = new SimulatedDamonSysfs(0, "off", true);
        forever.busyFor.put(K + "/0/state", 1_000);
        OwnKdamond.Started failed = OwnKdamond.start(forever, NODE_1, () -> true, pauses::add);
        assertThat(failed.kdamond()).isEmpty();
        assertThat(failed.outcome().explanation()).contains(K + "/0/state stayed busy after 10 attempts");
        assertThat(pauses).as("one pause before each retry of state on").hasSize(OwnKdamond.TRIES - 1);
        assertThat(forever.files.get(K + "/nr_kdamonds")).isEqualTo("0");
        assertThat(forever.files.get(OwnKdamond.STAT_ENABLED)).isEqualTo("Y");
    }

    @Test
    void aRunningKdamondOfSomeoneElseIsLeftAloneAndTheRefusalSaysWhy() {
        SimulatedDamonSysfs sysfs = new SimulatedDamonSysfs(1, "on", false);
        OwnKdamond.Started started = OwnKdamond.start(sysfs, NODE_1, () -> true, pauses::add);
        assertThat(started.kdamond()).isEmpty();
        assertThat(started.outcome().explanation()).contains("nr_kdamonds stayed busy");
        assertThat(sysfs.files.get(K + "/0/state")).isEqualTo("on");
        assertThat(sysfs.writes).allMatch(w -> w.startsWith(K + "/nr_kdamonds "));
    }
}
