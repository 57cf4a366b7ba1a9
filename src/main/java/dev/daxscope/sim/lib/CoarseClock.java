package dev.daxscope.sim.lib;

import java.util.concurrent.locks.LockSupport;

/**
 * A millisecond-resolution clock that costs one plain volatile read: a daemon thread advances it.
 * Fault events are stamped with it, because System.nanoTime on every fault costs as much as the
 * fault itself and the fault log only needs millisecond order (sequence numbers order events).
 */
public final class CoarseClock {
    private static volatile long nanos = System.nanoTime();

    static {
        Thread t = new Thread(() -> {
            while (true) {
                LockSupport.parkNanos(1_000_000L);
                nanos = System.nanoTime();
            }
        }, "daxscope-coarse-clock");
        t.setDaemon(true);
        t.start();
    }

    private CoarseClock() {
    }

    /** System.nanoTime as of at most about a millisecond ago. */
    public static long nanoTime() {
        return nanos;
    }
}
