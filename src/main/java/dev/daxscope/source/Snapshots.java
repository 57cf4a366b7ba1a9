package dev.daxscope.source;

import dev.daxscope.linux.Capture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Captures and opens machine snapshots: a directory in the capture layout ({@code sys/},
 * {@code proc/}, {@code MODES}) or the same packed as {@code .tar.gz} (with the system's tar).
 */
public final class Snapshots {
    private Snapshots() {
    }

    /** Records {@code sysRoot}/{@code procRoot} into {@code out} (a directory, or a .tar.gz file). */
    public static void capture(Path sysRoot, Path procRoot, Path out) throws IOException {
        if (out.toString().endsWith(".tar.gz") || out.toString().endsWith(".tgz")) {
            Path tmp = Files.createTempDirectory("daxscope-capture");
            new Capture(sysRoot, procRoot).to(tmp);
            run("tar", "-czf", out.toAbsolutePath().toString(), "-C", tmp.toString(), ".");
            deleteTree(tmp);
        } else {
            new Capture(sysRoot, procRoot).to(out);
        }
    }

    /** Opens a snapshot read-only; a .tar.gz is unpacked to a temporary directory first. */
    public static LinuxSource open(Path snapshot) throws IOException {
        Path dir = snapshot;
        if (Files.isRegularFile(snapshot)) {
            dir = Files.createTempDirectory("daxscope-snapshot");
            run("tar", "-xzf", snapshot.toAbsolutePath().toString(), "-C", dir.toString());
        }
        if (!Files.isDirectory(dir.resolve("sys"))) {
            throw new IOException(snapshot + " is not a daxscope capture (no sys/ inside)");
        }
        return new LinuxSource(dir.resolve("sys"), snapshot.toString()).asSnapshot();
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

    static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
