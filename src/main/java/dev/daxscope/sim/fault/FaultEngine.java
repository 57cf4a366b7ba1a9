package dev.daxscope.sim.fault;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.WorkloadRequest;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.mm.MemoryManager;
import dev.daxscope.sim.mm.SimProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The fault worker pool: N threads execute the accesses of a workload against the simulated
 * kernel. A workload runs in phases; within a phase the accesses are independent (installing an
 * entry is idempotent and commutative), so workers take them in any order; between phases the
 * coordinator does the structural steps (fork, exit, unbind, poison, zap) alone. That is why
 * the final state is the same for 1 and N workers.
 */
public final class FaultEngine implements AutoCloseable {
    private static final int CHUNK = 1024;

    private final Kernel kernel;
    private final int workers;
    private final dev.daxscope.sim.mm.FaultContext[] contexts;
    private final ReentrantLock pauseLock = new ReentrantLock();
    private final Condition resumed = pauseLock.newCondition();
    private volatile boolean paused;
    private volatile boolean stopping;
    private volatile Thread coordinator;
    private final LongAdder accessesDone = new LongAdder();
    private final LongAdder signals = new LongAdder();
    private final java.util.concurrent.ExecutorService pool;

    public FaultEngine(Kernel kernel, int workers) {
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("workers must be 1..64, not " + workers);
        }
        this.kernel = kernel;
        this.workers = workers;
        this.contexts = new dev.daxscope.sim.mm.FaultContext[workers];
        for (int i = 0; i < workers; i++) {
            contexts[i] = kernel.mm().newContext();
        }
        this.pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, workers - 1),
                Thread.ofPlatform().name("daxscope-fault-worker-", 1).daemon().factory());
    }

    public static int defaultWorkers() {
        return WorkloadRequest.defaultWorkers();
    }

    public int workers() {
        return workers;
    }

    public long accessesDone() {
        return accessesDone.sum();
    }

    public long signals() {
        return signals.sum();
    }

    public boolean running() {
        return coordinator != null;
    }

    public boolean paused() {
        return paused;
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        pauseLock.lock();
        try {
            paused = false;
            resumed.signalAll();
        } finally {
            pauseLock.unlock();
        }
    }

    /** Asks a running workload to stop and waits for it. */
    public void stop() throws InterruptedException {
        Thread t = coordinator;
        stopping = true;
        resume();
        if (t != null) {
            t.join();
        }
        stopping = false;
    }

    /** Starts a workload in the background; one at a time. */
    public synchronized void start(WorkloadRequest spec) {
        if (coordinator != null) {
            throw new IllegalStateException("a workload is already running; stop it first");
        }
        Workload w = Workload.prepare(kernel, spec);
        Thread t = Thread.ofPlatform().name("daxscope-workload").daemon().unstarted(() -> {
            try {
                runPhases(w);
            } finally {
                w.end();
                coordinator = null;
            }
        });
        coordinator = t;
        t.start();
    }

    /** Runs a bounded workload to its end on the calling thread (tests, scenario, benchmarks). */
    public void run(WorkloadRequest spec) {
        if (spec.unlimited()) {
            throw new IllegalArgumentException("run() needs a bounded workload (accesses > 0)");
        }
        runPhases(Workload.prepare(kernel, spec));
    }

    private void runPhases(Workload w) {
        long done = 0;
        // One schedule for the whole run: pacing per phase restarted it every round, and rounds of a
        // small device are shorter than a chunk, so the rate did nothing.
        FaultPacer pacer = w.rate() > 0 ? new FaultPacer(w.rate(),
                () -> kernel.events().count(dev.daxscope.model.FaultEvent.Kind.FAULT) + signals.sum()) : null;
        while (!stopping && (w.spec().unlimited() || done < w.spec().accesses())) {
            long phaseLength = w.spec().unlimited() ? w.roundLength()
                    : Math.min(w.roundLength(), w.spec().accesses() - done);
            w.beforePhase(done);
            executePhase(w, done, phaseLength, pacer);
            done += phaseLength;
            w.afterPhase(done, w.spec().unlimited() || done < w.spec().accesses());
            if (awaitResume() && pacer != null) {
                pacer.restart();
            }
        }
    }

    /** One access each: who, where, load or store. */
    public record Access(SimProcess process, long address, boolean write) {
    }

    /**
     * Executes a batch of accesses on all workers as one phase; the final state does not depend
     * on the number of workers. Returns how many of them raised a signal.
     */
    public long runBatch(java.util.List<Access> batch) {
        long before = signals.sum();
        executePhase(new AccessSource() {
            @Override
            public SimProcess process(long i) {
                return batch.get((int) i).process();
            }

            @Override
            public long address(long i) {
                return batch.get((int) i).address();
            }

            @Override
            public boolean isWrite(long i) {
                return batch.get((int) i).write();
            }

            @Override
            public boolean poisonedLine(long i) {
                Access a = batch.get((int) i);
                return kernel.mm().touchesPoison(a.process(), a.address());
            }

            @Override
            public long rate() {
                return 0;
            }
        }, 0, batch.size(), null);
        return signals.sum() - before;
    }

    /** Executes accesses {@code [from, from+length)} on all workers and returns when all are done. */
    private void executePhase(AccessSource w, long from, long length, FaultPacer pacer) {
        AtomicLong next = new AtomicLong(from);
        long end = from + length;
        long chunk = pacer == null ? CHUNK : pacer.chunk(workers);
        List<Long> deferred = java.util.Collections.synchronizedList(new ArrayList<>());
        Runnable[] tasks = new Runnable[workers];
        for (int i = 0; i < workers; i++) {
            dev.daxscope.sim.mm.FaultContext ctx = contexts[i];
            tasks[i] = () -> {
                MemoryManager mm = kernel.mm();
                long local = 0;
                while (!stopping) {
                    long c = next.getAndAdd(chunk);
                    if (c >= end) {
                        break;
                    }
                    if (awaitResume() && pacer != null) {
                        pacer.restart();
                    }
                    if (pacer != null) {
                        ctx.flush();
                        pacer.await(() -> stopping);
                    }
                    long cEnd = Math.min(end, c + chunk);
                    for (long i2 = c; i2 < cEnd; i2++) {
                        if (w.poisonedLine(i2)) {
                            deferred.add(i2);
                            continue;
                        }
                        Outcome o = mm.access(ctx, w.process(i2), w.address(i2), w.isWrite(i2));
                        if (!o.isOk()) {
                            signals.increment();
                        }
                    }
                    ctx.flush();
                    local += cEnd - c;
                }
                accessesDone.add(local);
            };
        }
        if (workers == 1) {
            tasks[0].run();
        } else {
            // The caller is worker 0; the pool's threads take the others.
            CountDownLatch latch = new CountDownLatch(workers - 1);
            for (int i = 1; i < workers; i++) {
                Runnable task = tasks[i];
                pool.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        latch.countDown();
                    }
                });
            }
            tasks[0].run();
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
        // Accesses that consume poison run after the phase, in index order: their memory-failure
        // handling zaps other mappings, which must not race with the rest of the phase.
        deferred.sort(null);
        for (long i : deferred) {
            Outcome o = kernel.mm().access(kernel.mm().defaultContext(), w.process(i), w.address(i), w.isWrite(i));
            if (!o.isOk()) {
                signals.increment();
            }
        }
    }

    /**
     * Holds a workload to its rate in page faults per second across all workers: before each
     * chunk a worker waits until the faults taken so far are due. A fault that ends in a signal
     * counts too: on a device unbound under the workload every access is one, and unpaced they
     * ran by the million per second. Chunks are small enough that all workers together overshoot
     * by at most 1 % of a second's faults. Workers the machine kept from running (a busy host)
     * catch up, so the rate holds on average; a schedule more than a second behind (the machine
     * cannot keep up) or resumed from a pause starts again rather than bursting.
     */
    private static final class FaultPacer {
        private static final long SLACK_NANOS = 1_000_000_000L;
        private final long rate;
        private final java.util.function.LongSupplier faultsTaken;
        private final long faultsAtStart;
        private volatile long startNanos;

        FaultPacer(long rate, java.util.function.LongSupplier faultsTaken) {
            this.rate = rate;
            this.faultsTaken = faultsTaken;
            this.faultsAtStart = faultsTaken.getAsLong();
            this.startNanos = System.nanoTime();
        }

        long chunk(int workers) {
            return Math.max(1, Math.min(CHUNK, rate / (100L * workers)));
        }

        /** After a pause: the time paused is not owed. */
        void restart() {
            startNanos = System.nanoTime() - (long) ((faultsTaken.getAsLong() - faultsAtStart) * 1e9 / rate);
        }

        void await(java.util.function.BooleanSupplier stopping) {
            long faults = faultsTaken.getAsLong() - faultsAtStart;
            long offset = (long) (faults * 1e9 / rate);
            long now = System.nanoTime();
            if (now - (startNanos + offset) > SLACK_NANOS) {
                startNanos = now - offset;
            }
            long wait;
            while ((wait = startNanos + offset - System.nanoTime()) > 0 && !stopping.getAsBoolean()) {
                LockSupport.parkNanos(Math.min(wait, 50_000_000L));
            }
        }
    }

    /** Blocks while the engine is paused; whether it was. */
    private boolean awaitResume() {
        if (!paused) {
            return false;
        }
        pauseLock.lock();
        try {
            while (paused && !stopping) {
                resumed.awaitUninterruptibly();
            }
        } finally {
            pauseLock.unlock();
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        pool.shutdown();
        for (dev.daxscope.sim.mm.FaultContext ctx : contexts) {
            ctx.close();
        }
    }

    /** Whether a device can take a workload right now. */
    public static boolean canRunOn(DevDax d) {
        return d != null && d.driver() == DriverKind.DEVICE_DAX;
    }
}
