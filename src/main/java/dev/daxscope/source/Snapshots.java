package dev.daxscope.source;

import dev.daxscope.linux.Capture;
import dev.daxscope.linux.SysfsSnapshotReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

    /** Opens a snapshot read-only; a .tar.gz is unpacked to a temporary directory that closing the source removes. */
    public static LinuxSource open(Path snapshot) throws IOException {
        if (!Files.isRegularFile(snapshot)) {
            return new LinuxSource(checkedSys(snapshot, snapshot), snapshot.toString()).asSnapshot();
        }
        Path dir = Files.createTempDirectory("daxscope-snapshot");
        EXTRACTED.add(dir);
        try {
            // No owners or modes from the archive; GNU tar also refuses members that climb out with '..'.
            run("tar", "-xzf", snapshot.toAbsolutePath().toString(), "-C", dir.toString(), "--no-same-owner",
                    "--no-same-permissions");
            Path sys = checkedSys(dir, snapshot);
            return new LinuxSource(sys, dir.resolve("proc"), snapshot.toString(), null, Path.of("/dev"),
                    dev.daxscope.linux.ProcMaps::isDeviceDax, () -> remove(dir)).asSnapshot();
        } catch (IOException | RuntimeException e) {
            remove(dir);
            throw e;
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
