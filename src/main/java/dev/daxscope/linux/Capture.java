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
import java.util.Locale;
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
        copyTreeOrNote(sys.resolve("bus/dax"), out.resolve("sys"));
        try (Stream<Path> s = Files.list(sys.resolve("bus/dax/devices"))) {
            for (Path link : s.toList()) {
                inside(link).ifPresent(dev -> copyTreeOrNote(dev.getParent(), out.resolve("sys")));
            }
        } catch (IOException | RuntimeException e) {
            readErrors.add("sys/bus/dax/devices: " + e.getMessage());
        }
        copyCxlRegions(out.resolve("sys"));
        copyTreeOrNote(sys.resolve("devices/system/memory"), out.resolve("sys"));
        copyTreeOrNote(sys.resolve("devices/system/node"), out.resolve("sys"));
        // DAMON's sysfs and DAMON_STAT's parameters: read like any attribute (a capture never writes to DAMON).
        for (String tiering : new String[] {"devices/virtual/memory_tiering", "kernel/mm/numa", "kernel/mm/mempolicy",
            "kernel/mm/damon", "module/damon_stat"}) {
            copyTreeOrNote(sys.resolve(tiering), out.resolve("sys"));
        }
        for (String f : new String[] {"iomem", "meminfo", "vmstat", "sys/kernel/numa_balancing"}) {
            if (Files.exists(proc.resolve(f))) {
                copyFile(proc.resolve(f), out.resolve("proc").resolve(f), "proc/" + f);
            }
        }
        copyNumaMaps(out.resolve("proc"));
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
        copyTreeOrNote(devices, outSys);
        try (Stream<Path> s = Files.list(devices)) {
            // Every CXL object the chain memdev -> endpoint -> port -> decoder -> region passes through.
            for (Path link : s.toList()) {
                inside(link).ifPresent(dir -> copyTreeOrNote(dir, outSys));
            }
        } catch (IOException | RuntimeException e) {
            readErrors.add("sys/bus/cxl/devices: " + e.getMessage());
        }
    }

    /**
     * {@code PID/comm} and {@code PID/numa_maps} of the processes that can be read (pages per node);
     * others' are skipped without an error line each: they need root.
     */
    private void copyNumaMaps(Path outProc) throws IOException {
        List<Path> pids;
        try (Stream<Path> s = Files.list(proc)) {
            pids = s.filter(p -> p.getFileName().toString().matches("\\d{1,9}")).sorted().limit(NumaMapsReader.MAX_PROCESSES).toList();
        }
        for (Path pid : pids) {
            if (!(BoundedFileReader.read(pid.resolve("numa_maps")) instanceof BoundedFileReader.Text maps)) {
                continue;
            }
            Path to = outProc.resolve(pid.getFileName().toString());
            Files.createDirectories(to);
            Files.writeString(to.resolve("numa_maps"), maps.content());
            switch (BoundedFileReader.read(pid.resolve("comm"))) {
                case BoundedFileReader.Text comm -> Files.writeString(to.resolve("comm"), comm.content());
                case BoundedFileReader.Missing m -> readErrors.add("proc/" + pid.getFileName() + "/comm: vanished while captured");
                case BoundedFileReader.Refused r -> readErrors.add("proc/" + pid.getFileName() + "/comm: " + r.why());
            }
        }
    }

    /** Where a link of the tree leads, if that is inside the tree; else a read error (it is not followed). */
    private java.util.Optional<Path> inside(Path link) {
        try {
            Path real = link.toRealPath();
            if (real.startsWith(sys)) {
                return java.util.Optional.of(real);
            }
            readErrors.add(rel(link) + ": leads to " + real + ", outside the tree; not followed");
        } catch (IOException | RuntimeException e) {
            readErrors.add(rel(link) + ": link does not resolve (" + e.getMessage() + ")");
        }
        return java.util.Optional.empty();
    }

    private String rel(Path p) {
        return "sys/" + sys.relativize(p.toAbsolutePath().normalize());
    }

    private void copyTreeOrNote(Path from, Path outSys) {
        try {
            copyTree(from, outSys, sys);
        } catch (IOException | RuntimeException e) {
            readErrors.add(rel(from) + ": " + e.getMessage());
        }
    }

    /** What could not be read or copied, as {@code /PATH: why}. */
    public List<String> readErrors() {
        return readErrors.stream().map(e -> "/" + e).toList();
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
            switch (BoundedFileReader.read(from)) {
                case BoundedFileReader.Text t -> content = t.content().getBytes(StandardCharsets.UTF_8);
                case BoundedFileReader.Missing m -> readErrors.add(rel + ": vanished while captured");
                case BoundedFileReader.Refused r -> {
                    readErrors.add(rel + ": " + r.why());
                    if (r.errno() != dev.daxscope.model.Errno.EACCES) {
                        // A FIFO, device or oversized file is not part of a capture at all.
                        return;
                    }
                }
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
        return String.format(Locale.ROOT, "%04o", m);
    }
}
