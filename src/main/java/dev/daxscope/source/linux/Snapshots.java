package dev.daxscope.source.linux;

import dev.daxscope.linux.Capture;
import dev.daxscope.linux.SysfsSnapshotReader;
import dev.daxscope.source.AtomicOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * Captures and opens machine snapshots: a directory in the capture layout ({@code sys/},
 * {@code proc/}, {@code MODES}) or the same packed as {@code .tar.gz} (with the system's tar).
 * A capture is written atomically and never over something that exists without {@code force};
 * a packed snapshot is unpacked into a temporary folder that goes away when the snapshot is
 * closed, or at the latest when the process exits.
 */
public final class Snapshots {
    /** Extraction folders not yet removed; the shutdown hook removes what closing did not. */
    private static final Set<Path> EXTRACTED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> EXTRACTED.forEach(Snapshots::remove),
                "daxscope-snapshot-cleanup"));
    }

    private Snapshots() {
    }

    /**
     * Records {@code sysRoot}/{@code procRoot} into {@code out} (a directory, or a .tar.gz file);
     * returns what could not be read, as {@code PATH: why} warnings.
     */
    public static List<String> capture(Path sysRoot, Path procRoot, Path out, boolean force) throws IOException {
        Capture capture = new Capture(sysRoot, procRoot);
        if (isPacked(out)) {
            Path tmp = Files.createTempDirectory("daxscope-capture");
            try {
                capture.to(tmp);
                AtomicOutput.file(out, force, file -> run("tar", "-czf", file.toString(), "-C", tmp.toString(), "."));
            } finally {
                AtomicOutput.deleteTree(tmp);
            }
        } else {
            AtomicOutput.directory(out, force, capture::to);
        }
        return capture.readErrors();
    }

    private static boolean isPacked(Path p) {
        return p.toString().endsWith(".tar.gz") || p.toString().endsWith(".tgz");
    }

    /**
     * At most this much is unpacked from a .tar.gz (the tar stream, headers included): a capture
     * of the largest machine daxscope reads is far smaller, and a small archive of zeros would
     * otherwise fill the temporary folder (2 MB of gzip unpacks to 2 GB).
     */
    public static final long MAX_UNPACKED = 256L << 20;
    private static final String EXTRACTION_PREFIX = "daxscope-snapshot-";

    /** Opens a snapshot read-only; a .tar.gz is unpacked to a temporary directory that closing the source removes. */
    public static LinuxSource open(Path snapshot) throws IOException {
        if (!Files.isRegularFile(snapshot)) {
            return new LinuxSource(checkedSys(snapshot, snapshot), snapshot.toString()).asSnapshot();
        }
        sweepStaleExtractions();
        Path dir = Files.createTempDirectory(EXTRACTION_PREFIX + ProcessHandle.current().pid() + "-");
        EXTRACTED.add(dir);
        try {
            unpack(snapshot, dir);
            Path sys = checkedSys(dir, snapshot);
            return new LinuxSource(sys, dir.resolve("proc"), snapshot.toString(), null, Path.of("/dev"),
                    dev.daxscope.linux.ProcMaps::isDeviceDax, () -> remove(dir)).asSnapshot();
        } catch (IOException | RuntimeException e) {
            remove(dir);
            throw e;
        }
    }

    /**
     * Unpacks with the system's tar, fed through a counting gunzip so that no more than
     * {@link #MAX_UNPACKED} reaches it. No owners or modes from the archive; GNU tar also refuses
     * members that climb out with '..'.
     */
    private static void unpack(Path archive, Path dir) throws IOException {
        Process tar = new ProcessBuilder("tar", "-xf", "-", "-C", dir.toString(), "--no-same-owner", "--no-same-permissions")
                .redirectErrorStream(true).start();
        CompletableFuture<String> said = CompletableFuture.supplyAsync(() -> drain(tar.getInputStream()));
        try {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16);
                 OutputStream out = tar.getOutputStream()) {
                copyBounded(in, out, archive);
            } catch (java.util.zip.ZipException e) {
                throw new IOException(archive + " is not a .tar.gz (" + e.getMessage() + ")");
            }
            if (tar.waitFor() != 0) {
                throw new IOException("tar could not unpack " + archive + ": " + said.join().strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            tar.destroyForcibly();
        }
    }

    private static void copyBounded(InputStream in, OutputStream out, Path archive) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > MAX_UNPACKED) {
                throw new IOException(archive + " unpacks to more than " + (MAX_UNPACKED >> 20)
                        + " MiB, more than a capture holds; not unpacked");
            }
            try {
                out.write(buf, 0, n);
            } catch (IOException e) {
                // tar stopped reading (it failed): its own message says why.
                return;
            }
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readNBytes(64 << 10), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /**
     * Removes extraction folders a daxscope that was killed (SIGKILL runs no shutdown hook) left:
     * ours by name, owned by this user, of a process that no longer runs.
     */
    static void sweepStaleExtractions() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (java.util.stream.Stream<Path> entries = Files.list(tmp)) {
            for (Path dir : entries.filter(Snapshots::isStaleExtraction).toList()) {
                remove(dir);
            }
        } catch (IOException | RuntimeException e) {
            // Nothing to sweep, or not now: the next start tries again.
        }
    }

    private static boolean isStaleExtraction(Path dir) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(EXTRACTION_PREFIX) || !Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        String pid = name.substring(EXTRACTION_PREFIX.length()).split("-", 2)[0];
        try {
            boolean mine = Files.getOwner(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName()
                    .equals(System.getProperty("user.name"));
            return mine && pid.matches("\\d{1,10}") && ProcessHandle.of(Long.parseLong(pid)).isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Path checkedSys(Path dir, Path snapshot) throws IOException {
        Path sys = dir.resolve("sys");
        if (!Files.isDirectory(sys)) {
            throw new IOException(snapshot + " is not a daxscope capture (no sys/ inside)");
        }
        if (!SysfsSnapshotReader.isSysfsTree(sys)) {
            throw new IOException(snapshot + " is not a daxscope capture: its sys/ is not a sysfs tree (it has none of "
                    + String.join(", ", SysfsSnapshotReader.TREES) + ")");
        }
        return sys;
    }

    private static void remove(Path dir) {
        try {
            AtomicOutput.deleteTree(dir);
            EXTRACTED.remove(dir);
        } catch (IOException e) {
            java.util.logging.Logger.getLogger(Snapshots.class.getName()).warning("could not remove " + dir + ": " + e);
        }
    }

    private static void run(String... cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
