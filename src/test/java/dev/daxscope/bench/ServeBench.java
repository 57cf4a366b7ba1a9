package dev.daxscope.bench;

import dev.daxscope.serve.Exporter;
import dev.daxscope.serve.ListenAddress;
import dev.daxscope.serve.SnapshotCache;
import dev.daxscope.sim.Kernel;
import dev.daxscope.source.sim.SimulatedSource;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Prometheus scrape of {@code daxscope serve} over loopback HTTP on the largest demo machine:
 * a bound 1 TiB 4K device with 10 M mapped pages (BenchMachines.mappedTerabyte) and a system-ram
 * device of 1,000 memory blocks. {@code scrape} reads the machine on every request (what a 15 s
 * scrape interval costs, the cache being 1 s); {@code cachedScrape} is a scrape within the
 * minimum interval (a scrape storm); {@code scrapeAfterFullEventRing} is a fresh scrape after
 * 65,536 new faults, the most the exporter tallies per read (the simulator's ring holds that
 * many). The process CPU per scrape of the first two (all threads: HTTP server,
 * collector, GC) is printed after each iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ServeBench {
    static final int BLOCKS = 1_000;

    BenchMachines.MappedTerabyte machine;
    SimulatedSource source;
    Exporter fresh;
    Exporter cached;
    HttpClient http;
    HttpRequest freshScrape;
    HttpRequest cachedScrape;
    long cpuAtStart;
    long scrapes;

    @Setup(Level.Trial)
    public void build() throws Exception {
        machine = BenchMachines.mappedTerabyte();
        Kernel kernel = machine.kernel();
        BenchMachines.addSystemRam(kernel, BLOCKS);
        source = new SimulatedSource(kernel);
        int blocks = source.snapshot().device("dax1.1").orElseThrow().totalBlocks();
        if (blocks != BLOCKS) {
            throw new IllegalStateException("the kmem device has " + blocks + " memory blocks, not " + BLOCKS);
        }
        fresh = Exporter.start(new SnapshotCache(source, 0, System::nanoTime), new ListenAddress("127.0.0.1", 0),
                System.err::println);
        cached = Exporter.start(new SnapshotCache(source, Long.MAX_VALUE, System::nanoTime),
                new ListenAddress("127.0.0.1", 0), System.err::println);
        http = HttpClient.newHttpClient();
        freshScrape = HttpRequest.newBuilder(URI.create("http://" + fresh.address() + "/metrics")).build();
        cachedScrape = HttpRequest.newBuilder(URI.create("http://" + cached.address() + "/metrics")).build();
    }

    @Setup(Level.Iteration)
    public void startCpu() {
        cpuAtStart = processCpuNanos();
        scrapes = 0;
    }

    @TearDown(Level.Iteration)
    public void reportCpu() {
        if (scrapes > 0) {
            double cpuMs = (processCpuNanos() - cpuAtStart) / 1e6 / scrapes;
            System.out.printf("  [process CPU %.2f ms per scrape = %.3f %% of a core at a 15 s interval]%n", cpuMs,
                    cpuMs / 15_000 * 100);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        fresh.close();
        cached.close();
        http.close();
        source.close();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @Benchmark
    public int scrape() throws Exception {
        scrapes++;
        return http.send(freshScrape, HttpResponse.BodyHandlers.ofString()).body().length();
    }

    /** Fills the event ring with new faults before each measured scrape (only for the benchmark that asks). */
    @State(Scope.Thread)
    public static class FullEventRing {
        long next = 10_000_000;

        @Setup(Level.Invocation)
        public void faultMore(ServeBench b) {
            b.machine.kernel().events().setEnabled(true);
            b.machine.fault(next, 1 << 16, false);
            next += 1 << 16;
        }
    }

    @Benchmark
    public int scrapeAfterFullEventRing(FullEventRing ring) throws Exception {
        // Not counted in the CPU figure: the faults made before each scrape would be charged to it.
        return http.send(freshScrape, HttpResponse.BodyHandlers.ofString()).body().length();
    }

    @Benchmark
    public int cachedScrape() throws Exception {
        scrapes++;
        return http.send(cachedScrape, HttpResponse.BodyHandlers.ofString()).body().length();
    }
}
