package dev.daxscope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.daxctl.DaxctlList;
import dev.daxscope.linux.SnapshotDiff;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.scenario.Scenario;
import dev.daxscope.scenario.ScenarioError;
import dev.daxscope.scenario.ScenarioParser;
import dev.daxscope.scenario.ScenarioRunner;
import dev.daxscope.scenario.StepResult;
import dev.daxscope.source.AtomicOutput;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.sim.MachineLoader;
import dev.daxscope.source.sim.SimulatedSource;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's fuzz test, in the default suite: random scripts (valid statements with hostile
 * values, near-miss syntax, impossible machines, huge lengths) and mutated sysfs trees (huge
 * indexes, FIFOs, endless and huge files, link loops, garbled numbers, missing files, files
 * where directories were) made from the repository's real-kernel captures and exported machines. Each must end within a few seconds with a result, a malformed-script
 * error naming FILE:LINE:COL, or warnings; never an exception, an internal error or a hang.
 * Seeded (set -Ddaxscope.fuzz.seed=N to replay; the seed is printed) and bounded in time
 * (-Ddaxscope.fuzz.seconds, default 8 per half).
 */
class HostileInputFuzzTest {
    private static final long SEED = Long.getLong("daxscope.fuzz.seed", System.nanoTime());
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("daxscope.fuzz.seconds", 8));
    private static final long CASE_TIMEOUT_SECONDS = 10;
    /** Each case runs on this thread so a hang is a timeout with the case named, not a stuck suite. */
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-case");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void stop() {
        WORKER.shutdownNow();
    }

    private static <T> T within(String what, java.util.concurrent.Callable<T> c) throws Exception {
        Future<T> f = WORKER.submit(c);
        try {
            return f.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("seed " + SEED + ": hung for " + CASE_TIMEOUT_SECONDS + " s: " + what);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("seed " + SEED + ": threw " + e.getCause() + " on: " + what, e.getCause());
        }
    }

    // ------------------------------------------------------------------ scripts

    /** Sizes a script may write, near every boundary; one in twenty is a near miss (malformed). */
    private static final String[] SIZES = {"0", "1", "4K", "2M", "2M", "4M", "1G", "1T", "8388607T", "0x7fffffffffffffff",
        "0x7ffffffffffff000", "9223372036854775807", "0x10000000000000", "0x800000000000", "0x7ffffffff000", "128T"};
    private static final String[] NEAR_MISSES = {"99999999999999999999", "12Q", "-1", "0x", "16777216T", "0x1g"};
    private static final String[] INTS = {"0", "1", "-1", "1023", "1024", "2147483647", "4294967296", "-2", "0x7fffffffffffffff"};
    private static final String[] PATHS = {"/sys/bus/dax/devices/dax0.1/size", "/sys/bus/dax/devices/dax0.0/align",
        "@R/create", "@R/available_size", "@R/../../../../etc/hostname", "/sys/../../etc/hostname", "/etc/hostname",
        "/sys/devices/system/memory/memory0/state", "/sys/devices/system/node/node1023/meminfo",
        "/sys/devices/system/memory/auto_online_blocks", "/sys/bus/dax/drivers/kmem/bind", "/proc/iomem", "relative"};

    private static String pick(SplittableRandom rnd, String[] from) {
        return from[rnd.nextInt(from.length)];
    }

    private static String size(SplittableRandom rnd) {
        return pick(rnd, rnd.nextInt(20) == 0 ? NEAR_MISSES : SIZES);
    }

    static String randomScript(SplittableRandom rnd) {
        StringBuilder b = new StringBuilder();
        if (rnd.nextInt(8) == 0) {
            b.append("memory block=").append(rnd.nextBoolean() ? "128M" : size(rnd)).append(" nodes=")
                    .append(pick(rnd, INTS)).append(" ram=").append(size(rnd)).append('\n');
        }
        b.append("region R ").append(pick(rnd, new String[] {"dynamic", "hmem", "cxl", "pmem"})).append(" start=")
                .append(rnd.nextInt(8) == 0 ? size(rnd) : "0x100000000").append(" size=")
                .append(rnd.nextInt(8) == 0 ? size(rnd) : "1G")
                .append(rnd.nextInt(8) == 0 ? " align=" + size(rnd) : "")
                .append(rnd.nextInt(8) == 0 ? " target_node=" + pick(rnd, INTS) : "")
                .append(rnd.nextInt(8) == 0 ? " id=" + pick(rnd, INTS) : "").append('\n');
        b.append("write @R/create 1 => ok\nwrite /sys/bus/dax/devices/dax0.1/size 536870912 => ok\n");
        b.append("bind dax0.1 device_dax => ok\nspawn P\nP open /dev/dax0.1 as F => ok\nP mmap F len=2M as A => ok\n");
        int lines = 3 + rnd.nextInt(12);
        for (int i = 0; i < lines; i++) {
            String statement = randomStatement(rnd, i);
            String[] results = statement.matches("P (read|write|touch) .*") ? new String[] {"ok", "SIGSEGV", "SIGBUS"}
                    : statement.startsWith("folio") ? new String[] {"none", "ref=1"}
                    : new String[] {"ok", "EINVAL", "ENOMEM", "EFAULT", "EPERM", "ENOENT"};
            b.append(statement).append(" => ").append(pick(rnd, results)).append('\n');
        }
        return b.toString();
    }

    private static String randomStatement(SplittableRandom rnd, int i) {
        String addr = rnd.nextInt(3) == 0 ? pick(rnd, new String[] {"0", "4096", "0x7ffffffff000", "A+0x7fffffffffffffff",
            "A+0x7ffffffffffff000", "A+1"}) : "A";
        return switch (rnd.nextInt(14)) {
            case 0 -> "P touch " + addr + " len=" + size(rnd) + (rnd.nextBoolean() ? " step=" + size(rnd) : "")
                    + (rnd.nextBoolean() ? " write" : "");
            case 1 -> "P munmap " + addr + " len=" + size(rnd);
            case 2 -> "P mprotect " + addr + " len=" + size(rnd) + (rnd.nextBoolean() ? " ro" : " rw");
            case 3 -> "P madvise " + addr + " len=" + size(rnd) + " "
                    + pick(rnd, new String[] {"dontneed", "nohugepage", "hugepage"});
            case 4 -> "P " + (rnd.nextBoolean() ? "pin " : "get ") + addr + " len=" + size(rnd) + " as H" + i;
            case 5 -> "P mmap F len=" + size(rnd) + (rnd.nextBoolean() ? " off=" + size(rnd) : "")
                    + (rnd.nextBoolean() ? " at=" + size(rnd) : "") + " as B" + i;
            case 6 -> "P mremap " + addr + " len=" + size(rnd) + " newlen=" + size(rnd) + " maymove as C" + i;
            case 7 -> "read " + pick(rnd, PATHS);
            case 8 -> "write " + pick(rnd, PATHS) + " " + size(rnd);
            case 9 -> "P " + (rnd.nextBoolean() ? "read " : "write ") + addr;
            case 10 -> "folio dax0.1 pgoff=" + size(rnd);
            case 11 -> "poison " + size(rnd);
            case 12 -> "daxctl " + pick(rnd, new String[] {"create-device -s 99999999999T -r 0", "reconfigure-device -m "
                    + "system-ram dax0.1", "list -RDMiu", "destroy-device all", "online-memory dax0.1"});
            default -> "P fdread F len=" + size(rnd);
        };
    }

    @Test
    void randomScriptsEndWithAResultOrAMalformedErrorNeverAnExceptionOrAHang() throws Exception {
        System.out.println("HostileInputFuzzTest seed " + SEED + " (replay with -Ddaxscope.fuzz.seed=" + SEED + ")");
        SplittableRandom rnd = new SplittableRandom(SEED);
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int scripts = 0;
        int malformed = 0;
        long statements = 0;
        while (System.nanoTime() < deadline) {
            String text = randomScript(rnd);
            String what = "script " + scripts + ":\n" + text;
            Scenario s;
            try {
                s = ScenarioParser.parse("fuzz.dax", text);
            } catch (ScenarioError e) {
                assertThat(e.getMessage()).as(what).matches("fuzz\\.dax:\\d+:\\d+: .+");
                malformed++;
                scripts++;
                continue;
            }
            statements += within(what, () -> {
                ScenarioRunner r = new ScenarioRunner(s);
                int n = 0;
                while (r.hasNext()) {
                    StepResult step = r.step();
                    assertThat(step.result()).as(what + "\n" + step.statement().text() + ": " + step.detail())
                            .isNotEqualTo("internal error");
                    n++;
                }
                return n;
            });
            scripts++;
        }
        System.out.printf("HostileInputFuzzTest: %d random scripts (%d malformed, %d statements run), nothing found%n",
                scripts, malformed, statements);
        assertThat(scripts).isGreaterThan(20);
    }

    // ------------------------------------------------------------------ trees

    /** Pristine machines to mutate: the real-kernel captures in the repository, the demo machine and scenario machines. */
    private static List<Path> pristine(Path dir) throws Exception {
        List<Path> out = new ArrayList<>();
        for (String state : TestFiles.realCaptureNames()) {
            out.add(TestFiles.realCapture(state));
        }
        SimulatedSource.demo().exportSysfs(dir.resolve("demo"));
        out.add(dir.resolve("demo"));
        for (String name : new String[] {"06-system-ram-and-block-loss", "10-fragmented-device", "13-seed-and-device-ids"}) {
            SimulatedSource s = MachineLoader.source(TestFiles.project().resolve("scenarios/" + name + ".dax"));
            s.exportSysfs(dir.resolve(name));
            out.add(dir.resolve(name));
        }
        return out;
    }

    private static List<Path> entries(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).sorted().toList();
        }
    }

    /** What a file outside every tree holds: no warning, listing or import may ever show it. */
    private static final String SECRET = "FUZZSECRET:$6$hash";

    /** A file and a directory outside the trees, as a link in a tree may lead to (/etc/shadow, /root). */
    private static Path outside(Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("outside/dir"));
        Files.writeString(tmp.resolve("outside/secret"), SECRET + "\n");
        for (String f : new String[] {"size", "start", "end", "page_offset", "id", "align", "meminfo", "state", "uevent"}) {
            Files.writeString(out.resolve(f), SECRET + "\n");
        }
        return tmp.resolve("outside");
    }

    /** One random mutation of the kind captured trees from other machines (or other people) hold. */
    private static String mutate(SplittableRandom rnd, Path tree, Path outside) throws Exception {
        Path sys = tree.resolve("sys");
        List<Path> all = entries(sys);
        Path p = all.get(rnd.nextInt(all.size()));
        Path dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? p : p.getParent();
        switch (rnd.nextInt(13)) {
            case 10 -> {
                // A link out of the tree, absolute or climbing with '..', to a file or through a directory.
                AtomicOutput.deleteTree(p);
                Path target = rnd.nextBoolean() ? outside.resolve("secret") : outside.resolve("dir");
                Files.createSymbolicLink(p, rnd.nextBoolean() ? target : p.getParent().relativize(target));
            }
            case 11 -> {
                Path f = dir.resolve(pick(rnd, new String[] {"size", "align", "start", "id", "meminfo", "state"}));
                AtomicOutput.deleteTree(f);
                Files.createSymbolicLink(f, outside.resolve("secret"));
            }
            case 12 -> Files.createDirectories(dir.resolve(pick(rnd, new String[] {"dax\u202e0.9", "node\u001b[2J",
                "memory1\u2066", "region\u200b7", "mapping\u00850"})));
            case 0 -> Files.createDirectories(dir.resolve(pick(rnd, new String[] {"node99999999999", "mapping99999999999",
                "memory99999999999999999999", "region99999999999", "dax99999999999.0", "node1024"})));
            case 1 -> {
                Path f = rnd.nextBoolean() ? tree.resolve("proc/iomem") : dir.resolve("size");
                Files.deleteIfExists(f);
                new ProcessBuilder("mkfifo", f.toString()).start().waitFor();
            }
            case 2 -> {
                Path f = dir.resolve(pick(rnd, new String[] {"size", "align", "start", "id"}));
                AtomicOutput.deleteTree(f);
                Files.createSymbolicLink(f, Path.of(rnd.nextBoolean() ? "/dev/zero" : f.getFileName().toString()));
            }
            case 3 -> {
                AtomicOutput.deleteTree(dir.resolve("size"));
                try (RandomAccessFile f = new RandomAccessFile(dir.resolve("size").toFile(), "rw")) {
                    f.setLength(3L << 30);
                }
            }
            case 4 -> {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.writeString(p, pick(rnd, new String[] {"4294967296\n", "-1\n", "0xffffffffffffffff\n", "garbage\n",
                        "", "99999999999999999999\n", "\u0000\u00ff\n", "0x\n", "1 2 3\n"}));
                }
            }
            case 5 -> AtomicOutput.deleteTree(p);
            case 6 -> {
                AtomicOutput.deleteTree(p);
                Files.createSymbolicLink(p, Path.of(rnd.nextBoolean() ? "/" : ".."));
            }
            case 7 -> {
                AtomicOutput.deleteTree(p);
                Files.writeString(p, "a file where a " + (rnd.nextBoolean() ? "directory" : "link") + " was\n");
            }
            case 8 -> {
                // Deleted first: writing into a FIFO planted earlier would block this test itself.
                Files.deleteIfExists(tree.resolve("proc/iomem"));
                Files.writeString(tree.resolve("proc/iomem"), "garbage\nffffffffffffffff-0 : dax0.1\n-: \n");
            }
            default -> {
                Path link = sys.resolve("bus/dax/devices/dax" + rnd.nextInt(1_000_000_000) + "." + rnd.nextInt(3));
                // An earlier mutation may have removed bus/dax/devices or put a file in its place.
                if (Files.isDirectory(link.getParent(), LinkOption.NOFOLLOW_LINKS) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, link.getFileName());
                }
            }
        }
        return sys.relativize(p).toString();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        for (Path p : entries(from)) {
            Path target = to.resolve(from.relativize(p).toString());
            Files.createDirectories(target.getParent());
            Files.copy(p, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    @Test
    void mutatedTreesAreReadListedComparedAndImportedWithWarningsNeverAnExceptionOrAHang(@TempDir Path tmp)
            throws Exception {
        System.out.println("HostileInputFuzzTest seed " + SEED + " (replay with -Ddaxscope.fuzz.seed=" + SEED + ")");
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<Path> machines = pristine(tmp.resolve("pristine"));
        Path outside = outside(tmp);
        List<MachineSnapshot> pristineSnapshots = new ArrayList<>();
        for (Path m : machines) {
            pristineSnapshots.add(new LinuxSource(m.resolve("sys"), "before").snapshot());
        }
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int trees = 0;
        long warnings = 0;
        Path tree = null;
        int from = 0;
        List<String> mutations = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            // Mutations pile up on one copy (each step is a new tree to read), from a fresh copy every few steps.
            if (trees % 6 == 0) {
                if (tree != null) {
                    AtomicOutput.deleteTree(tree);
                }
                from = rnd.nextInt(machines.size());
                tree = tmp.resolve("t" + trees);
                copyTree(machines.get(from), tree);
                mutations.clear();
            }
            mutations.add(mutate(rnd, tree, outside));
            String what = "tree " + trees + " from " + machines.get(from).getFileName() + " mutated at " + mutations;
            MachineSnapshot before = pristineSnapshots.get(from);
            Path sys = tree.resolve("sys");
            warnings += within(what, () -> {
                MachineSnapshot after;
                try (LinuxSource source = new LinuxSource(sys, "after")) {
                    after = source.snapshot();
                }
                String listed = DaxctlList.print(after, new DaxctlList.Options(true, true, true, true, true, null, null));
                String diff = String.join("\n", SnapshotDiff.diff(before, after));
                for (String w : after.warnings()) {
                    assertThat(w).as(what).doesNotContain("Exception").doesNotContain("For input string");
                    assertThat(w.codePoints()).as(what + ": a warning shows every character it names")
                            .noneMatch(c -> Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT);
                }
                SimulatedSource.Imported imported = SimulatedSource.importScript(sys, KernelProfile.V6_16);
                ScenarioParser.parse("imported.dax", imported.script());
                assertThat(String.join("\n", after.warnings()) + listed + diff + imported.script()
                        + String.join("\n", imported.warnings())).as(what + ": nothing read outside the tree").doesNotContain("FUZZSECRET");
                return (long) imported.warnings().size();
            });
            trees++;
        }
        System.out.printf("HostileInputFuzzTest: %d mutated trees (%d warnings printed), nothing found%n", trees, warnings);
        assertThat(trees).isGreaterThanOrEqualTo(6);
    }
}
