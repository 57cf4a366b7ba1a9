package dev.daxscope.linux;

import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which files of a real sysfs a script, daxctl or the inspector may read or write: those of the
 * device-DAX, memory, node, CXL and memory-tiering trees (with the demotion switch in
 * {@code kernel/mm/numa}) and DAMON's (its sysfs admin tree and DAMON_STAT's parameters), found the way the kernel finds them
 * ({@code ..} and every symlink resolved), and never outside the sysfs root. Anything else is
 * refused with EPERM and the reason before the file is opened.
 */
public final class SysfsConfinement {
    /** Trees that are ours wherever a link leads into them. */
    private static final List<String> TREES = List.of("bus/dax", "bus/cxl", "devices/system/memory",
            "devices/system/node", "devices/virtual/memory_tiering", "kernel/mm/numa", "kernel/mm/damon/admin",
            "module/damon_stat/parameters");
    /** Bus directories whose entries link to the device directories that belong to those trees too. */
    private static final List<String> DEVICE_LINKS = List.of("bus/dax/devices", "bus/cxl/devices");

    private final Path root;

    public SysfsConfinement(Path sysRoot) {
        this.root = realOrNormal(sysRoot);
    }

    /** The real file {@code sysPath} (/sys/…) names, or why it may not be touched. */
    public record Resolution(Path file, Outcome refusal) {
        public boolean allowed() {
            return refusal == null;
        }
    }

    public Resolution resolve(String sysPath) {
        if (!sysPath.startsWith("/sys/")) {
            return refused(sysPath, "is not under /sys");
        }
        Path named = root.resolve(sysPath.substring("/sys/".length()));
        Path real;
        try {
            real = named.toRealPath();
        } catch (NoSuchFileException e) {
            // A missing file is ENOENT where it would be allowed, so scripts see the kernel's answer.
            Path lexical = named.normalize();
            return permitted(lexical) ? new Resolution(lexical, Outcome.fail(Errno.ENOENT, "R24", "no such attribute " + sysPath))
                    : refused(sysPath, "is outside the dax, memory, node, CXL, memory-tiering and DAMON sysfs trees");
        } catch (IOException e) {
            return new Resolution(null, Outcome.fail(SysfsWriter.fromMessage(e.getMessage()), "", sysPath
                    + " cannot be resolved (" + e.getMessage() + ")"));
        }
        if (!real.startsWith(root)) {
            return refused(sysPath, "leads to " + real + ", outside the sysfs root " + root);
        }
        if (!permitted(real)) {
            return refused(sysPath, "leads to " + real + ", outside the dax, memory, node, CXL, memory-tiering and DAMON trees");
        }
        return new Resolution(real, null);
    }

    private static Resolution refused(String sysPath, String why) {
        return new Resolution(null, Outcome.fail(Errno.EPERM, "", sysPath + " " + why + "; refused"));
    }

    /** Whether a path (real, or lexical for a missing file) lies in one of the trees or a device directory they link to. */
    private boolean permitted(Path p) {
        if (!p.startsWith(root)) {
            return false;
        }
        for (String tree : TREES) {
            if (p.startsWith(root.resolve(tree))) {
                return true;
            }
        }
        for (String links : DEVICE_LINKS) {
            try (Stream<Path> entries = Files.list(root.resolve(links))) {
                for (Path link : entries.toList()) {
                    Path dir = realOrNormal(link);
                    // A dax device's region attributes sit beside it, in its parent's dax_region.
                    if (isDeviceDir(link, dir) && (p.startsWith(dir) || p.startsWith(dir.resolveSibling("dax_region")))) {
                        return true;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // No such bus on this machine: nothing links from it.
            }
        }
        return false;
    }

    /** A bus link names a device directory of the same name below /sys/devices (never /sys/devices itself). */
    private boolean isDeviceDir(Path link, Path dir) {
        Path devices = root.resolve("devices");
        return dir.startsWith(devices) && dir.getNameCount() > devices.getNameCount() + 1
                && dir.getFileName().equals(link.getFileName());
    }

    private static Path realOrNormal(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
