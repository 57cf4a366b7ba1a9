package dev.daxscope.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.FaultEvent;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.WorkloadRequest;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.lib.EventRing;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fault log written by N workers (one shard each) holds the same events and counts as the one-worker run. */
class FaultLogWorkersTest {

    private record Log(List<String> events, long faults, long zaps, long signals) {
    }

    private static Log runWith(int workers, WorkloadRequest spec) throws Exception {
        Kernel k = FaultEngineTest.machine(KernelProfile.DEFAULT);
        long before = k.events().written();
        try (FaultEngine engine = new FaultEngine(k, workers)) {
            engine.run(spec);
        }
        EventRing.Poll p = k.events().poll(before, Integer.MAX_VALUE);
        assertThat(p.dropped()).as(workers + " workers: nothing lost").isZero();
        assertThat(p.events()).extracting(FaultEvent::seq)
                .as(workers + " workers: one sequence, no gaps, in order")
                .containsExactlyElementsOf(LongStream.range(before, p.nextSeq()).boxed().toList());
        // Sequence numbers and time stamps depend on the interleaving; what happened does not.
        List<String> what = p.events().stream()
                .map(e -> e.kind() + " " + e.pid() + " " + Long.toHexString(e.address()) + " " + e.device() + " "
                        + e.pgoff() + " " + e.folio() + " " + e.level() + " " + e.result())
                .sorted().toList();
        return new Log(what, k.events().count(FaultEvent.Kind.FAULT), k.events().count(FaultEvent.Kind.ZAP),
                k.events().count(FaultEvent.Kind.SIGNAL));
    }

    @ParameterizedTest
    @EnumSource(value = WorkloadRequest.Pattern.class, names = {"UNIFORM", "FORKS", "POISON"})
    void severalWorkersLogTheSameEventsAsOne(WorkloadRequest.Pattern pattern) throws Exception {
        WorkloadRequest spec = new WorkloadRequest(pattern, "dax0.2", 3, 20_000, 0, 7, 30, 3);
        Log one = runWith(1, spec);
        assertThat(one.faults()).isPositive();
        assertThat(one.events()).hasSizeGreaterThan(1000);
        assertThat(runWith(2, spec)).as(pattern + ", 2 workers vs 1").isEqualTo(one);
        assertThat(runWith(4, spec)).as(pattern + ", 4 workers vs 1").isEqualTo(one);
    }
}
