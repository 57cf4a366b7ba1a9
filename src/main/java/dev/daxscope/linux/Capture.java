package dev.daxscope.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Records the device-DAX relevant parts of a machine's sysfs and procfs in the capture layout of
 * the captures in src/test/fixtures/real: {@code sys/bus/dax}, the dax devices' parent directories, memory blocks and
 * node links, {@code proc/iomem} and {@code proc/meminfo}, plus {@code MODES} and
 * {@code READ_ERRORS}. Symlinks are kept with their relative targets; power/ is skipped.
 */
public final class Capture {
    private final Path sys;
    private final Path proc;
    private final List<String> modes = new ArrayList<>();
    private final List<String> readErrors = new ArrayList<>();
    private final Set<Path> done = new TreeSet<>();

    public Capture(Path sysRoot, Path procRoot) {
        this.sys = sysRoot.toAbsolutePath().normalize();
        this.proc = procRoot.toAbsolutePath().normalize();
    }

    public void to(Path out) throws IOException {
        Files.createDirectories(out);
        copyTree(sys.resolve("bus/dax"), out.resolve("sys"), sys);
        try (Stream<Path> s = Files.list(sys.resolve("bus/dax/devices"))) {
            for (Path link : s.toList()) {
                Path dev = link.toRealPath();
                copyTree(dev.getParent(), out.resolve("sys"), sys);
            }
        } catch (IOException e) {
            readErrors.add("sys/bus/dax/devices: " + e.getMessage());
        }
        copyCxlRegions(out.resolve("sys"));
        copyTree(sys.resolve("devices/system/memory"), out.resolve("sys"), sys);
        copyTree(sys.resolve("devices/system/node"), out.resolve("sys"), sys);
        for (String f : new String[] {"iomem", "meminfo"}) {
            copyFile(proc.resolve(f), out.resolve("proc").resolve(f), "proc/" + f);
        }
        Files.write(out.resolve("MODES"), modes, StandardCharsets.UTF_8);
        if (!readErrors.isEmpty()) {
            Files.write(out.resolve("READ_ERRORS"), readErrors, StandardCharsets.UTF_8);
        }
    }

    /** /sys/bus/cxl/devices/regionN and the directories they link to, when the machine has CXL regions. */
    private void copyCxlRegions(Path outSys) throws IOException {
        Path devices = sys.resolve("bus/cxl/devices");
        if (!Files.isDirectory(devices)) {
            return;
        }
        copyTree(devices, outSys, sys);
        try (Stream<Path> s = Files.list(devices)) {
            for (Path link : s.filter(p -> p.getFileName().toString().matches("region\\d+")).toList()) {
                copyTree(link.toRealPath(), outSys, sys);
            }
        } catch (IOException e) {
            readErrors.add("sys/bus/cxl/devices: " + e.getMessage());
        }
    }

    private void copyTree(Path from, Path outSys, Path base) throws IOException {
        if (!Files.exists(from) || !done.add(from)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                String rel = base.relativize(p).toString();
                if (rel.contains("/power/") || rel.endsWith("/power")) {
                    continue;
                }
                Path target = outSys.resolve(rel);
                if (Files.isSymbolicLink(p)) {
                    Files.createDirectories(target.getParent());
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    copyFile(p, target, "sys/" + rel);
                }
            }
        }
    }

    private void copyFile(Path from, Path to, String rel) throws IOException {
        Files.createDirectories(to.getParent());
        String mode = "0000";
        try {
            mode = octal(Files.getPosixFilePermissions(from));
        } catch (IOException | UnsupportedOperationException e) {
            readErrors.add(rel + ": no mode");
        }
        byte[] content = new byte[0];
        if (mode.charAt(1) != '2' && !mode.equals("0000")) {
            try {
                content = Files.readAllBytes(from);
            } catch (AccessDeniedException e) {
                readErrors.add(rel + ": permission denied (needs root)");
            } catch (IOException e) {
                readErrors.add(rel + ": " + e.getMessage());
            }
        }
        Files.write(to, content);
        modes.add(rel + " " + mode);
    }

    private static String octal(Set<PosixFilePermission> p) {
        int m = 0;
        PosixFilePermission[] order = {PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE};
        for (PosixFilePermission x : order) {
            m = (m << 1) | (p.contains(x) ? 1 : 0);
        }
        return String.format("%04o", m);
    }
}
