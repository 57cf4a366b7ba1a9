package dev.daxscope.sim;

import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.sysfs.SysfsNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the simulated sysfs and {@code /proc/iomem} to disk in the layout of the real-kernel
 * captures (src/test/fixtures/real): {@code DIR/sys/...} with real file modes and relative symlinks,
 * {@code DIR/proc/iomem}, and {@code DIR/MODES} listing each regular file's mode. Write-only
 * files are empty, as in the captures.
 */
public final class SysfsExporter {
    private SysfsExporter() {
    }

    public static void export(Kernel kernel, Path dir) throws IOException {
        export(kernel, dir, List.of(""));
    }

    /**
     * Only the subtrees {@code within} ("sys/kernel/mm/damon", …; "" for everything) and the
     * directories leading to them: a reader of one subsystem need not pay for the whole machine.
     */
    public static void export(Kernel kernel, Path dir, List<String> within) throws IOException {
        List<String> modes = new ArrayList<>();
        kernel.lock().readLock().lock();
        try {
            SysfsNode.Dir root = kernel.sysfs().build();
            Files.createDirectories(dir);
            write(root, dir, "", modes, within);
        } finally {
            kernel.lock().readLock().unlock();
        }
        modes.sort(null);
        Files.write(dir.resolve("MODES"), modes, StandardCharsets.UTF_8);
    }

    private static void write(SysfsNode.Dir d, Path at, String rel, List<String> modes, List<String> within) throws IOException {
        for (Map.Entry<String, SysfsNode> e : d.children().entrySet()) {
            Path p = at.resolve(e.getKey());
            String r = rel.isEmpty() ? e.getKey() : rel + "/" + e.getKey();
            if (!wanted(r, e.getValue() instanceof SysfsNode.Dir, within)) {
                continue;
            }
            switch (e.getValue()) {
                case SysfsNode.Dir sub -> {
                    Files.createDirectories(p);
                    write(sub, p, r, modes, within);
                }
                case SysfsNode.File f -> {
                    String text = (f.mode() & 0444) == 0 ? "" : f.read().get();
                    Files.deleteIfExists(p);
                    Files.writeString(p, text, StandardCharsets.UTF_8);
                    Files.setPosixFilePermissions(p, permissions(f.mode()));
                    modes.add(r + " " + String.format(Locale.ROOT, "%04o", f.mode()));
                }
                case SysfsNode.Link l -> {
                    Files.deleteIfExists(p);
                    Path target = Path.of(l.target().substring(1));
                    Path from = Path.of(r).getParent();
                    Files.createSymbolicLink(p, from == null ? target : from.relativize(target));
                }
            }
        }
    }

    /** Whether {@code rel} lies within one of the subtrees, or is a directory on the way to one. */
    private static boolean wanted(String rel, boolean dir, List<String> within) {
        for (String w : within) {
            if (w.isEmpty() || rel.equals(w) || rel.startsWith(w + "/") || (dir && w.startsWith(rel + "/"))) {
                return true;
            }
        }
        return false;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder();
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }
}
