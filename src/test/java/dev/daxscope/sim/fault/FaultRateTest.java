package dev.daxscope.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.FaultEvent;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.WorkloadRequest;
import dev.daxscope.sim.Kernel;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A workload's rate is page faults per second across all its workers: the time the faults take
 * to come in matches the rate within 10 %, on a device small enough that a round of accesses is
 * shorter than a worker's chunk (where pacing per round did nothing).
 */
class FaultRateTest {

    @ParameterizedTest(name = "{0} faults/s on {1} with {2} workers")
    @CsvSource({"1000, dax0.1, 2", "1000, dax0.2, 1", "100000, dax0.2, 2"})
    void faultsComeInAtTheSetRate(long rate, String device, int workers) throws Exception {
        Kernel k = FaultEngineTest.machine(KernelProfile.V6_16);
        long faults = 2 * rate;
        try (FaultEngine engine = new FaultEngine(k, workers)) {
            long idle = k.events().count(FaultEvent.Kind.FAULT);
            engine.start(WorkloadRequest.parse("uniform,device=" + device + ",procs=2,rate=" + rate, null));
            // Timed from the first fault (setting the processes up is not faulting), to the count
            // arriving: the faults, not a timer, end the measurement.
            long before = awaitFaults(k, idle + 1);
            long start = System.nanoTime();
            awaitFaults(k, before + faults);
            double seconds = (System.nanoTime() - start) / 1e9;
            engine.stop();
            assertThat(faults / seconds).as("faults per second").isBetween(rate * 0.9, rate * 1.1);
        }
    }

    /**
     * Unbinding the device under a running workload turns every access into a SIGBUS: those are
     * faults too, and stay at the rate (they ran by the million per second unpaced).
     */
    @org.junit.jupiter.api.Test
    void faultsThatEndInASignalKeepTheRate() throws Exception {
        long rate = 1000;
        Kernel k = FaultEngineTest.machine(KernelProfile.V6_16);
        try (FaultEngine engine = new FaultEngine(k, 2)) {
            long idle = k.events().count(FaultEvent.Kind.FAULT);
            engine.start(WorkloadRequest.parse("uniform,device=dax0.2,procs=2,rate=" + rate, null));
            awaitFaults(k, idle + 1);
            assertThat(k.sysfs().write("/sys/bus/dax/drivers/device_dax/unbind", "dax0.2\n").isOk()).isTrue();
            long first = awaitSignals(engine, engine.signals() + 1);
            long start = System.nanoTime();
            awaitSignals(engine, first + 2 * rate);
            double seconds = (System.nanoTime() - start) / 1e9;
            engine.stop();
            assertThat(2 * rate / seconds).as("signals per second").isBetween(rate * 0.9, rate * 1.1);
        }
    }

    /** The time a workload spent paused is not owed: after Resume the faults come at the rate, not in a burst. */
    @org.junit.jupiter.api.Test
    void aPausedWorkloadResumesAtTheRateWithoutCatchingUp() throws Exception {
        long rate = 1000;
        Kernel k = FaultEngineTest.machine(KernelProfile.V6_16);
        try (FaultEngine engine = new FaultEngine(k, 2)) {
            long idle = k.events().count(FaultEvent.Kind.FAULT);
            engine.start(WorkloadRequest.parse("uniform,device=dax0.2,procs=2,rate=" + rate, null));
            awaitFaults(k, idle + rate / 5);
            engine.pause();
            // The pause itself is what is tested: long enough that a schedule kept through it
            // would owe 600 faults at once.
            LockSupport.parkNanos(600_000_000L);
            long resumedAt = k.events().count(FaultEvent.Kind.FAULT);
            long start = System.nanoTime();
            engine.resume();
            awaitFaults(k, resumedAt + rate);
            double seconds = (System.nanoTime() - start) / 1e9;
            engine.stop();
            assertThat(rate / seconds).as("faults per second after resume").isLessThan(rate * 1.1);
        }
    }

    private static long awaitSignals(FaultEngine engine, long count) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long now;
        while ((now = engine.signals()) < count) {
            assertThat(System.nanoTime()).as("signals still coming after 10 s").isLessThan(deadline);
            LockSupport.parkNanos(200_000L);
        }
        return now;
    }

    private static long awaitFaults(Kernel k, long count) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long now;
        while ((now = k.events().count(FaultEvent.Kind.FAULT)) < count) {
            assertThat(System.nanoTime()).as("faults still coming after 10 s").isLessThan(deadline);
            LockSupport.parkNanos(200_000L);
        }
        return now;
    }
}
