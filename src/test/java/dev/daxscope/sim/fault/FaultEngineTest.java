package dev.daxscope.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.RegionKind;
import dev.daxscope.model.WorkloadRequest;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.SimInspector;
import dev.daxscope.sim.dax.RegionSpec;
import dev.daxscope.sim.kmem.MemoryHotplug;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The worker pool gives the same final state for 1 and N workers, for every workload pattern. */
class FaultEngineTest {

    /** Region of 2 GiB with a 2M device (dax0.1, 1 GiB) and a 4K device (dax0.2, 64 MiB), both bound. */
    static Kernel machine(KernelProfile profile) {
        Kernel k = new Kernel(profile, MemoryHotplug.defaults());
        k.createRegion(new RegionSpec("R", RegionKind.DYNAMIC, 0x100000000L, 2L << 30, 2L << 20, null, 0, null,
                false, null));
        write(k, "/sys/devices/platform/dax_region.0/dax_region/create", "1");
        write(k, "/sys/bus/dax/devices/dax0.1/size", Long.toString(1L << 30));
        write(k, "/sys/bus/dax/drivers/device_dax/bind", "dax0.1");
        write(k, "/sys/devices/platform/dax_region.0/dax_region/create", "1");
        write(k, "/sys/bus/dax/devices/dax0.2/align", "4096");
        write(k, "/sys/bus/dax/devices/dax0.2/size", Long.toString(64L << 20));
        write(k, "/sys/bus/dax/drivers/device_dax/bind", "dax0.2");
        return k;
    }

    private static void write(Kernel k, String path, String value) {
        assertThat(k.sysfs().write(path, value + "\n").isOk()).as(path + " <- " + value).isTrue();
    }

    private static String runWith(int workers, WorkloadRequest spec, KernelProfile profile) throws Exception {
        Kernel k = machine(profile);
        try (FaultEngine engine = new FaultEngine(k, workers)) {
            engine.run(spec);
            assertThat(engine.accessesDone()).isEqualTo(spec.accesses());
        }
        assertThat(new SimInspector(k).checkInvariants()).isEmpty();
        return StateDigest.of(k);
    }

    @ParameterizedTest
    @EnumSource(WorkloadRequest.Pattern.class)
    void oneAndSeveralWorkersEndInTheSameState(WorkloadRequest.Pattern pattern) throws Exception {
        for (String device : new String[] {"dax0.1", "dax0.2"}) {
            WorkloadRequest spec = new WorkloadRequest(pattern, device, 3, 40_000, 0, 42, 30, 5);
            String one = runWith(1, spec, KernelProfile.DEFAULT);
            String two = runWith(2, spec, KernelProfile.DEFAULT);
            String four = runWith(4, spec, KernelProfile.DEFAULT);
            assertThat(two).as(pattern + " on " + device + ", 2 workers vs 1").isEqualTo(one);
            assertThat(four).as(pattern + " on " + device + ", 4 workers vs 1").isEqualTo(one);
            if (pattern != WorkloadRequest.Pattern.UNBIND) {
                assertThat(one).contains("folio");
            }
        }
    }

    /**
     * Issue 23 item 10: the forks workload adds tasks on worker threads while the stats sampler
     * (the window, watch) walks the process table; before, that walk threw
     * ConcurrentModificationException. A 2 MiB device gives a round every 512 accesses, so
     * hundreds of forks; the end state is still the one-worker run's.
     */
    @Test
    void forksWhileTheProcessTableIsWalkedEndAsOneWorkerDoes() throws Exception {
        WorkloadRequest spec = new WorkloadRequest(WorkloadRequest.Pattern.FORKS, "dax0.3", 3, 200_000, 0, 9, 30, 1);
        String one = null;
        for (int workers : new int[] {1, 4}) {
            Kernel k = machine(KernelProfile.DEFAULT);
            write(k, "/sys/devices/platform/dax_region.0/dax_region/create", "1");
            write(k, "/sys/bus/dax/devices/dax0.3/align", "4096");
            write(k, "/sys/bus/dax/devices/dax0.3/size", Long.toString(2L << 20));
            write(k, "/sys/bus/dax/drivers/device_dax/bind", "dax0.3");
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.CompletableFuture<Long> walks = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                long n = 0;
                while (!done.get()) {
                    k.mm().pageTableHeapBytes();
                    n++;
                }
                return n;
            }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            try (FaultEngine engine = new FaultEngine(k, workers)) {
                engine.run(spec);
            } finally {
                done.set(true);
            }
            assertThat(walks.get()).as("the walker ran and never threw").isPositive();
            assertThat(k.processes()).as("each round's children exited and were reaped; the 3 parents stay").hasSize(3);
            String state = StateDigest.of(k);
            if (one == null) {
                one = state;
            } else {
                assertThat(state).as(workers + " workers vs 1").isEqualTo(one);
            }
            assertThat(k.spawn("after").pid()).as("the pids the 300 rounds of forks took").isGreaterThan(1300);
        }
    }

    @Test
    void pre615ProfileTakesNoPerMappingReferences() throws Exception {
        String state = runWith(2, new WorkloadRequest(WorkloadRequest.Pattern.SEQUENTIAL, "dax0.2", 2, 10_000, 0, 1, 0, 1),
                KernelProfile.V6_12);
        assertThat(state).doesNotContain("ref=2").contains("rss=0");
    }

    @Test
    void pauseStopsProgressAndResumeContinues() throws Exception {
        Kernel k = machine(KernelProfile.DEFAULT);
        try (FaultEngine engine = new FaultEngine(k, 2)) {
            engine.start(new WorkloadRequest(WorkloadRequest.Pattern.UNIFORM, "dax0.2", 2, 0, 0, 3, 50, 1));
            awaitProgress(engine, 50_000);
            engine.pause();
            long atPause = settle(engine);
            assertThat(engine.accessesDone()).isEqualTo(atPause);
            engine.resume();
            awaitProgress(engine, atPause + 50_000);
            engine.stop();
            assertThat(engine.running()).isFalse();
        }
        assertThat(new SimInspector(k).checkInvariants()).isEmpty();
    }

    /** Waits until the counter stops moving (workers parked at a chunk boundary). */
    private static long settle(FaultEngine engine) throws InterruptedException {
        long last = -1;
        long now = engine.accessesDone();
        while (now != last) {
            last = now;
            CountDownLatch tick = new CountDownLatch(1);
            Thread.ofVirtual().start(() -> {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                tick.countDown();
            });
            tick.await();
            now = engine.accessesDone();
        }
        return now;
    }

    private static void awaitProgress(FaultEngine engine, long atLeast) {
        while (engine.accessesDone() < atLeast) {
            Thread.onSpinWait();
        }
    }

    @Test
    void workloadSpecTextFormRoundTripsAndRejectsNonsense() {
        WorkloadRequest s = WorkloadRequest.parse("zipf,device=dax0.1,procs=4,accesses=100,rate=5,seed=9,write=10,stride=3", null);
        assertThat(WorkloadRequest.parse(s.toString(), null)).isEqualTo(s);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkloadRequest.parse("spiral", "dax0.1"))
                .hasMessageContaining("unknown workload pattern");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkloadRequest.parse("zipf,procs=x", "dax0.1"))
                .hasMessageContaining("procs=x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkloadRequest.parse("zipf,speed=3", "dax0.1"))
                .hasMessageContaining("unknown workload option 'speed'");
    }
}
