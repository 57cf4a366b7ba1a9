package dev.daxscope.sim.mm;

import dev.daxscope.sim.lib.EventRing;
import dev.daxscope.sim.lib.Srcu;

/**
 * What one thread needs to take page faults: its SRCU reader slot and its event writer (a shard
 * of the fault log). Fault workers each own one (created by the engine); single-threaded callers
 * share the kernel's default context, whose events go straight into their thread's shard.
 */
public final class FaultContext implements AutoCloseable {
    private final Srcu srcu;
    private final int srcuSlot;
    private final EventRing.Writer events;

    FaultContext(Srcu srcu, EventRing.Writer events) {
        this.srcu = srcu;
        this.srcuSlot = srcu.registerReader();
        this.events = events;
    }

    public int srcuSlot() {
        return srcuSlot;
    }

    /** The buffered writer, or null for the default context (events recorded directly). */
    public EventRing.Writer events() {
        return events;
    }

    /** Publishes buffered events; workers call it after each chunk of accesses. */
    public void flush() {
        if (events != null) {
            events.flush();
        }
    }

    /** Publishes buffered events, frees the event shard for the next worker and the SRCU slot. */
    @Override
    public void close() {
        if (events != null) {
            events.close();
        }
        srcu.releaseReader(srcuSlot);
    }
}
