package dev.daxscope.serve;

import dev.daxscope.model.FaultEvent;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MemoryTopology;
import dev.daxscope.source.DaxSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Reads the machine at most once per minimum interval, however many scrapes arrive: a scrape
 * within the interval of the last read gets that read's result, so a scrape storm costs nothing.
 * One read at a time: a scrape arriving while a read is under way waits for that read and takes
 * its result, rather than queueing a read of its own behind it (reads slower than the interval
 * would otherwise run back to back, each scrape waiting for all the reads queued before it).
 * Reads only; nothing here writes the machine.
 */
public final class SnapshotCache {
    /** Events taken from the simulator's ring per read; the ring holds fewer (1 << 16). */
    private static final int EVENT_BATCH = 1 << 17;

    private final DaxSource source;
    private final long minIntervalNanos;
    private final LongSupplier nanoClock;
    private final Map<MachineReading.DeviceLevel, Long> faults = new HashMap<>();
    private final Map<String, Long> signals = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readEnded = lock.newCondition();
    private long dropped;
    private long nextEvent;
    private MachineReading last;
    private long lastBegan;
    private boolean underWay;
    private long underWaySince;
    private long reads;

    /** A cache over {@code source} that reads it again when the last read is {@code minIntervalNanos} old. */
    public SnapshotCache(DaxSource source, long minIntervalNanos, LongSupplier nanoClock) {
        this.source = source;
        this.minIntervalNanos = minIntervalNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * The current reading: the last one when it began less than the minimum interval before this
     * call, else the one under way (waited for), else a fresh one read by this caller.
     */
    MachineReading reading() {
        long arrived = nanoClock.getAsLong();
        boolean joined = false;
        long joinedSince = 0;
        lock.lock();
        try {
            while (true) {
                if (last != null && (arrived - lastBegan < minIntervalNanos || (joined && lastBegan - joinedSince >= 0))) {
                    return last;
                }
                if (!underWay) {
                    break;
                }
                // The read under way is as fresh as any this caller could start; a failed one leaves it to read itself.
                joined = true;
                joinedSince = underWaySince;
                readEnded.awaitUninterruptibly();
            }
            underWay = true;
            underWaySince = arrived;
        } finally {
            lock.unlock();
        }
        MachineReading fresh = null;
        try {
            fresh = readNow();
            return fresh;
        } finally {
            lock.lock();
            try {
                underWay = false;
                if (fresh != null) {
                    last = fresh;
                    lastBegan = underWaySince;
                    reads++;
                }
                readEnded.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Reads the machine; called by one thread at a time (the one that set {@link #underWay}). */
    private MachineReading readNow() {
        long start = System.nanoTime();
        MachineSnapshot snapshot = source.refresh();
        MemoryTopology topology = source.topology();
        List<String> warnings = new ArrayList<>(snapshot.warnings());
        // serve reads no procfs (nothing it exports comes from /proc): the topology reader's notes
        // about the /proc files it did not get are not problems of this exporter.
        topology.warnings().stream().filter(w -> !w.startsWith("/proc/")).forEach(warnings::add);
        MachineReading.SimCounters sim = source.simulated() ? tallyEvents() : null;
        return new MachineReading(snapshot, topology, source.damon(), warnings, sim, (System.nanoTime() - start) / 1e9,
                reads + 1);
    }

    /** The machine read (for what is served besides readings: events, page maps; read-only). */
    DaxSource source() {
        return source;
    }

    /** How many times the machine has been read (not counting scrapes served from the cache). */
    public long reads() {
        lock.lock();
        try {
            return reads;
        } finally {
            lock.unlock();
        }
    }

    /** Adds the simulator's events since the last read to the running counts. */
    private MachineReading.SimCounters tallyEvents() {
        DaxSource.EventBatch batch;
        do {
            batch = source.events(nextEvent, EVENT_BATCH);
            dropped += batch.dropped();
            for (FaultEvent e : batch.events()) {
                switch (e.kind()) {
                    case FAULT -> faults.merge(new MachineReading.DeviceLevel(e.device(), e.level()), 1L, Long::sum);
                    case SIGNAL -> signals.merge(signalName(e.result()), 1L, Long::sum);
                    case ZAP -> {
                    }
                }
            }
            nextEvent = batch.nextSeq();
        } while (batch.events().size() == EVENT_BATCH);
        return new MachineReading.SimCounters(faults, signals, dropped);
    }

    /** "SIGBUS" of the event's "SIGBUS:MCEERR_AR": the signal, not its si_code. */
    private static String signalName(String result) {
        int colon = result.indexOf(':');
        return colon < 0 ? result : result.substring(0, colon);
    }
}
