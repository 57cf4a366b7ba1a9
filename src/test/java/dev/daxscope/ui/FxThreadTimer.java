package dev.daxscope.ui;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/**
 * Runs work on the FX thread for the UI benchmarks and records how long it held that thread,
 * in wall time and in the thread's CPU time (the second leaves out time the OS gave to others).
 */
final class FxThreadTimer {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final List<Long> wall = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> cpu = Collections.synchronizedList(new ArrayList<>());

    /** Runs {@code work} on the FX thread and returns the wall nanoseconds it held it. */
    long time(Runnable work) throws Exception {
        CompletableFuture<Long> held = new CompletableFuture<>();
        Platform.runLater(() -> {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            work.run();
            long nanos = System.nanoTime() - start;
            cpu.add(THREADS.getCurrentThreadCpuTime() - cpuStart);
            wall.add(nanos);
            held.complete(nanos);
        });
        return held.get(10, TimeUnit.SECONDS);
    }

    /** Prints the percentiles of both, each line starting with {@code label}. */
    void report(String label) {
        print(label + ": FX thread held (wall)", wall);
        print(label + ": FX thread CPU", cpu);
    }

    private static void print(String what, List<Long> samples) {
        long[] s;
        synchronized (samples) {
            s = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        if (s.length > 0) {
            System.out.printf("%n%s per call over %d calls: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", what,
                    s.length, s[s.length / 2] / 1e6, s[s.length * 9 / 10] / 1e6,
                    s[Math.min(s.length - 1, s.length * 99 / 100)] / 1e6, s[s.length - 1] / 1e6);
        }
    }
}
