package dev.daxscope.serve;

import dev.daxscope.model.FaultEvent;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MemoryTopology;
import dev.daxscope.source.DaxSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Reads the machine at most once per minimum interval, however many scrapes arrive: a scrape
 * within the interval of the last read gets that read's result, so a scrape storm costs nothing.
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
    private long dropped;
    private long nextEvent;
    private MachineReading last;
    private long lastReadAt;
    private long reads;

    /** A cache over {@code source} that reads it again when the last read is {@code minIntervalNanos} old. */
    public SnapshotCache(DaxSource source, long minIntervalNanos, LongSupplier nanoClock) {
        this.source = source;
        this.minIntervalNanos = minIntervalNanos;
        this.nanoClock = nanoClock;
    }

    /** The current reading: fresh when the last one is at least the minimum interval old. */
    synchronized MachineReading reading() {
        long now = nanoClock.getAsLong();
        if (last == null || now - lastReadAt >= minIntervalNanos) {
            long start = System.nanoTime();
            MachineSnapshot snapshot = source.refresh();
            MemoryTopology topology = source.topology();
            List<String> warnings = new ArrayList<>(snapshot.warnings());
            // serve reads no procfs (nothing it exports comes from /proc): the topology reader's notes
            // about the /proc files it did not get are not problems of this exporter.
            topology.warnings().stream().filter(w -> !w.startsWith("/proc/")).forEach(warnings::add);
            MachineReading.SimCounters sim = source.simulated() ? tallyEvents() : null;
            last = new MachineReading(snapshot, topology, source.damon(), warnings, sim, (System.nanoTime() - start) / 1e9);
            lastReadAt = now;
            reads++;
        }
        return last;
    }

    /** How many times the machine has been read (not counting scrapes served from the cache). */
    public synchronized long reads() {
        return reads;
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
