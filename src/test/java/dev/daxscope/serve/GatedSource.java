package dev.daxscope.serve;

import dev.daxscope.model.FolioInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.Outcome;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.PageMapSummary;
import dev.daxscope.source.sim.SimulatedSource;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo machine, whose snapshot is taken only when the test lets it: a read of the machine that
 * takes as long as the test wants, to see what scrapes do while it is under way.
 */
final class GatedSource implements DaxSource {
    private final SimulatedSource machine = SimulatedSource.demo();
    private final Semaphore gate = new Semaphore(0);
    private final CountDownLatch firstEntered = new CountDownLatch(1);
    private final AtomicInteger snapshots = new AtomicInteger();

    /** Lets {@code reads} snapshots through. */
    void open(int reads) {
        gate.release(reads);
    }

    /** Waits until a snapshot has been asked for (and is held at the gate). */
    void awaitFirstSnapshot() throws InterruptedException {
        firstEntered.await();
    }

    /** How many snapshots were asked for. */
    int snapshotsTaken() {
        return snapshots.get();
    }

    @Override
    public MachineSnapshot snapshot() {
        snapshots.incrementAndGet();
        firstEntered.countDown();
        gate.acquireUninterruptibly();
        return machine.snapshot();
    }

    @Override
    public String name() {
        return "gated demo";
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public boolean writable() {
        return false;
    }

    @Override
    public dev.daxscope.model.MemoryTopology topology() {
        return machine.topology();
    }

    @Override
    public dev.daxscope.model.damon.DamonState damon() {
        return machine.damon();
    }

    @Override
    public long generation() {
        return machine.generation();
    }

    @Override
    public Optional<FolioInfo> folio(String device, long pgoff) {
        return machine.folio(device, pgoff);
    }

    @Override
    public PageMapSummary pageMap(String device, long fromFolio, long toFolio, int cells) {
        return machine.pageMap(device, fromFolio, toFolio, cells);
    }

    @Override
    public EventBatch events(long from, int max) {
        return machine.events(from, max);
    }

    @Override
    public ReadOutcome read(String path) {
        return machine.read(path);
    }

    @Override
    public Outcome write(String path, String value) {
        throw new AssertionError("serve never writes: " + path);
    }

    @Override
    public Stats stats() {
        return machine.stats();
    }

    @Override
    public void close() {
        machine.close();
    }
}
