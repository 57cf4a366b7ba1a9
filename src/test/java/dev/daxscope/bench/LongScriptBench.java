package dev.daxscope.bench;

import dev.daxscope.scenario.ScenarioParser;
import dev.daxscope.scenario.ScenarioRunner;
import dev.daxscope.scenario.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 100,000-statement scenario (one 4K device, one process; reads, writes, sysfs reads and folio
 * expectations), parsed and run as {@code daxscope run} does, minus printing. {@link #main}
 * writes the script, to time the whole command ({@code time ./daxscope run FILE}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3)
@Measurement(iterations = 8)
public class LongScriptBench {
    static final int STATEMENTS = 100_000;

    String text;

    @Setup
    public void generate() {
        text = script(STATEMENTS);
    }

    /** Parses and runs the script; fails if any statement's expectation failed. */
    @Benchmark
    public int parseAndRun() throws Exception {
        ScenarioRunner runner = new ScenarioRunner(ScenarioParser.parse("long.dax", text));
        int steps = 0;
        while (runner.hasNext()) {
            StepResult r = runner.step();
            if (r.failed()) {
                throw new IllegalStateException(r.statement().where() + ": " + r.result() + ", expected " + r.expected());
            }
            steps++;
        }
        return steps;
    }

    /**
     * {@code statements} statements: set-up, then rounds that read and write pages of a 4K device
     * mapping (each page faulted once, then hit), read its sysfs size and expect a folio's counts.
     */
    static String script(int statements) {
        StringBuilder b = new StringBuilder("""
                region A dynamic start=0x100000000 size=1G align=2M target_node=1
                write @A/create 1
                write /sys/bus/dax/devices/dax0.1/align 4096
                write /sys/bus/dax/devices/dax0.1/size 268435456
                bind dax0.1 device_dax
                spawn P
                P open /dev/dax0.1 as F
                P mmap F len=256M as X
                """);
        int pages = 65_536;
        for (int n = 8, i = 0; n < statements; n++, i++) {
            long page = (i * 7919L) % pages;
            String at = "X+0x" + Long.toHexString(page << 12);
            switch (i % 5) {
                case 0 -> b.append("P read ").append(at).append('\n');
                case 1 -> b.append("P write ").append(at).append('\n');
                case 2 -> b.append("read /sys/bus/dax/devices/dax0.1/size  => \"268435456\"\n");
                case 3 -> b.append("P read ").append(at).append("  => ok\n");
                default -> b.append("folio dax0.1 pgoff=").append(((i - 4) * 7919L) % pages)
                        .append("  => ref=2 map=1\n");
            }
        }
        return b.toString();
    }

    /** Writes the script to the file named by the first argument. */
    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of(args[0]), script(STATEMENTS));
    }
}
