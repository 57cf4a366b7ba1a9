package dev.daxscope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.cli.Cli;
import dev.daxscope.scenario.ScenarioError;
import dev.daxscope.scenario.ScenarioFiles;
import dev.daxscope.source.AtomicOutput;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file half of the fuzz test: what daxscope writes and the files it is given as scripts.
 * Random output targets (a file, a link to a file someone cares about, a directory, a FIFO, a
 * dangling link, a missing parent) written with and without --force through every writer: the
 * linked-to file is never touched, a FIFO stays a FIFO, what is refused is left as it was, and no
 * temporary is left behind. Random special files as scripts and machines (FIFOs, devices, links
 * to them, loops, huge sparse files, binary data, directories): each is one located error, at
 * once. Seeded as HostileInputFuzzTest ({@code -Ddaxscope.fuzz.seed}), bounded by
 * {@code -Ddaxscope.fuzz.seconds} (default 4 per half here).
 */
class HostileFilesFuzzTest {
    private static final long SEED = Long.getLong("daxscope.fuzz.seed", System.nanoTime());
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("daxscope.fuzz.seconds", 4));
    private static final String PRECIOUS = "precious\n";

    private static String pick(SplittableRandom rnd, String[] from) {
        return from[rnd.nextInt(from.length)];
    }

    private static void mkfifo(Path p) throws Exception {
        assertThat(new ProcessBuilder("mkfifo", p.toString()).start().waitFor()).isZero();
    }

    /** Plants one kind of thing at {@code target}; returns what it is, for the messages. */
    private static String plant(SplittableRandom rnd, Path target, Path victim) throws Exception {
        String kind = pick(rnd, new String[] {"nothing", "file", "link", "dangling", "empty-dir", "dir", "fifo", "dir-link"});
        switch (kind) {
            case "file" -> Files.writeString(target, "old\n");
            case "link" -> Files.createSymbolicLink(target, victim);
            case "dangling" -> Files.createSymbolicLink(target, target.resolveSibling("nowhere"));
            case "empty-dir" -> Files.createDirectory(target);
            case "dir" -> Files.writeString(Files.createDirectory(target).resolve("thesis.tex"), "years of work\n");
            case "fifo" -> mkfifo(target);
            case "dir-link" -> Files.createSymbolicLink(target, victim.getParent());
            default -> {
            }
        }
        return kind;
    }

    /** The target's kind and content, to compare before and after a refusal. */
    private static String state(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return "link to " + Files.readSymbolicLink(p);
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.list(p)) {
                return "dir " + s.map(x -> x.getFileName().toString()).sorted().toList();
            }
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return "file " + Files.readString(p);
        }
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? "special" : "absent";
    }

    @Test
    void outputsNeverFollowClobberOrLeaveHalfOfAnything(@TempDir Path tmp) throws Exception {
        System.out.println("HostileFilesFuzzTest seed " + SEED + " (replay with -Ddaxscope.fuzz.seed=" + SEED + ")");
        SplittableRandom rnd = new SplittableRandom(SEED);
        Path victim = Files.writeString(Files.createDirectories(tmp.resolve("home")).resolve("victim"), PRECIOUS);
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int cases = 0;
        int written = 0;
        while (System.nanoTime() < deadline) {
            Path dir = Files.createDirectories(tmp.resolve("out" + cases));
            Path target = rnd.nextInt(10) == 0 ? dir.resolve("missing/parent.out") : dir.resolve("target.out");
            String kind = target.getParent().equals(dir) ? plant(rnd, target, victim) : "no parent";
            boolean force = rnd.nextBoolean();
            // daxctl --save builds the demo machine each time: one case in eight, so a run covers many targets.
            String writer = rnd.nextInt(8) == 0 ? "daxctl --save" : pick(rnd, new String[] {"file", "directory", "failing"});
            String what = "seed " + SEED + " case " + cases + ": " + writer + (force ? " --force" : "") + " over " + kind;
            String before = state(target);
            boolean ok = write(writer, target, force);
            assertThat(Files.readString(victim)).as(what).isEqualTo(PRECIOUS);
            assertThat(victim.getParent()).as(what).isDirectoryContaining(p -> p.getFileName().toString().equals("victim"));
            if (ok) {
                written++;
                assertThat(Files.isSymbolicLink(target)).as(what).isFalse();
                assertThat(kind).as(what + ": replaced only what may be").isNotIn("fifo", "dir");
            } else {
                assertThat(state(target)).as(what + ": left as it was").isEqualTo(before);
            }
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left.map(p -> p.getFileName().toString())).as(what + ": no temporary left")
                        .allMatch(n -> n.equals("target.out"));
            }
            cases++;
        }
        System.out.printf("HostileFilesFuzzTest: %d output targets (%d written, %d refused), nothing found%n", cases,
                written, cases - written);
        assertThat(cases).isGreaterThan(10);
    }

    /** Writes through one of daxscope's writers; whether it wrote. */
    private static boolean write(String writer, Path target, boolean force) {
        try {
            switch (writer) {
                case "file" -> AtomicOutput.text(target, force, "new\n");
                case "directory" -> AtomicOutput.directory(target, force, d -> Files.writeString(d.resolve("MODES"), "x\n"));
                case "failing" -> AtomicOutput.file(target, force, f -> {
                    Files.writeString(f, "half");
                    throw new IOException("No space left on device");
                });
                default -> {
                    Cli.Run r = force ? Cli.run("daxctl", "--save", target.toString(), "--force", "list")
                            : Cli.run("daxctl", "--save", target.toString(), "list");
                    assertThat(r.err().strip().lines().count()).as(r.err()).isLessThanOrEqualTo(1);
                    return r.exit() == 0;
                }
            }
            return true;
        } catch (IOException e) {
            assertThat(e.getMessage()).contains(target.getParent().toString()).doesNotContain("\n");
            return false;
        }
    }

    @Test
    void specialFilesAsScriptsAreOneLocatedErrorAtOnce(@TempDir Path tmp) throws Exception {
        System.out.println("HostileFilesFuzzTest seed " + SEED + " (replay with -Ddaxscope.fuzz.seed=" + SEED + ")");
        SplittableRandom rnd = new SplittableRandom(SEED);
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int cases = 0;
        while (System.nanoTime() < deadline) {
            Path script = tmp.resolve("s" + cases + ".dax");
            String kind = pick(rnd, new String[] {"fifo", "zero", "null", "urandom", "loop", "dangling", "dir", "sparse",
                "binary", "fifo-link"});
            switch (kind) {
                case "fifo" -> mkfifo(script);
                case "fifo-link" -> {
                    mkfifo(tmp.resolve("f" + cases));
                    Files.createSymbolicLink(script, tmp.resolve("f" + cases));
                }
                case "zero", "null", "urandom" -> Files.createSymbolicLink(script, Path.of("/dev/" + kind));
                case "loop" -> Files.createSymbolicLink(script, script);
                case "dangling" -> Files.createSymbolicLink(script, tmp.resolve("nowhere"));
                case "dir" -> Files.createDirectory(script);
                case "sparse" -> {
                    try (RandomAccessFile f = new RandomAccessFile(script.toFile(), "rw")) {
                        f.setLength(ScenarioFiles.MAX_BYTES + 1 + rnd.nextLong(1L << 40));
                    }
                }
                default -> {
                    byte[] junk = new byte[1 + rnd.nextInt(4096)];
                    rnd.nextBytes(junk);
                    Files.write(script, junk);
                }
            }
            String what = "seed " + SEED + " case " + cases + ": a script that is " + kind;
            CompletableFuture<String> loaded = CompletableFuture.supplyAsync(() -> {
                try {
                    ScenarioFiles.load(script);
                    return "loaded";
                } catch (ScenarioError e) {
                    return e.getMessage();
                }
            });
            String message = loaded.get(10, TimeUnit.SECONDS);
            assertThat(message).as(what).startsWith(script + ":").doesNotContain("\n").doesNotContain("Exception");
            cases++;
        }
        System.out.printf("HostileFilesFuzzTest: %d special files as scripts, nothing found%n", cases);
        assertThat(cases).isGreaterThan(20);
    }
}
