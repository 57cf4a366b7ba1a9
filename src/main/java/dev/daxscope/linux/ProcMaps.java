package dev.daxscope.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Who maps what: {@code /proc/PID/maps} of every process, filtered (for device-DAX: paths
 * starting with {@code /dev/dax}), with each process's {@code RssFile} and each mapping's
 * {@code Rss} from smaps (which for device-DAX is not RssFile: each kernel counts other entries,
 * docs/fidelity.md).
 * A process whose files we may not read is reported as needing root, never as an error.
 */
public final class ProcMaps {
    private ProcMaps() {
    }

    /** One mapping line; {@code rssKiB} is smaps' Rss, -1 when smaps could not be read. */
    public record Mapping(int pid, long start, long end, String perms, long offset, String path, long rssKiB) {
        public boolean shared() {
            return perms.length() > 3 && perms.charAt(3) == 's';
        }
    }

    /** A process's mappings that match, or why they could not be read. */
    public record ProcessMappings(int pid, String command, List<Mapping> mappings, long rssFileKiB, String problem) {
    }

    public static List<Mapping> parse(int pid, List<String> lines, Predicate<String> pathFilter) {
        List<Mapping> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 5) {
                continue;
            }
            String path = f.length == 6 ? f[5] : "";
            if (!pathFilter.test(path)) {
                continue;
            }
            int dash = f[0].indexOf('-');
            try {
                out.add(new Mapping(pid, Long.parseUnsignedLong(f[0].substring(0, dash), 16),
                        Long.parseUnsignedLong(f[0].substring(dash + 1), 16), f[1], Long.parseUnsignedLong(f[2], 16), path,
                        -1));
            } catch (RuntimeException e) {
                // a line we do not understand is skipped; maps lines are not promised to stay stable
            }
        }
        return out;
    }

    /** Scans {@code proc/[0-9]*}; processes that vanish while scanned are skipped. */
    public static List<ProcessMappings> scan(Path proc, Predicate<String> pathFilter) {
        List<ProcessMappings> out = new ArrayList<>();
        List<Path> pids;
        try (Stream<Path> s = Files.list(proc)) {
            pids = s.filter(p -> p.getFileName().toString().matches("\\d{1,9}")).toList();
        } catch (IOException e) {
            return out;
        }
        // A capture's proc/ is someone else's tree: what is read never comes from outside it.
        Path root = SysfsPaths.realRoot(proc);
        for (Path p : pids) {
            int pid = Integer.parseInt(p.getFileName().toString());
            String comm = read(root, p.resolve("comm")).map(l -> l.isEmpty() ? "" : l.get(0)).orElse("?");
            switch (BoundedFileReader.readInside(root, p.resolve("maps"), MAPS_CAP)) {
                case BoundedFileReader.Text t -> {
                    List<Mapping> listed = parse(pid, t.content().lines().toList(), pathFilter);
                    if (!listed.isEmpty()) {
                        List<Mapping> maps = read(root, p.resolve("smaps")).map(smaps -> withSmapsRss(listed, smaps))
                                .orElse(listed);
                        out.add(new ProcessMappings(pid, comm, maps, rssFile(root, p), ""));
                    }
                }
                case BoundedFileReader.Missing m -> {
                    // the process exited while we looked
                }
                case BoundedFileReader.Refused r -> out.add(new ProcessMappings(pid, comm, List.of(), -1,
                        r.errno() == dev.daxscope.model.Errno.EACCES ? "needs root" : "maps " + r.why()));
            }
        }
        return out;
    }

    /**
     * The mappings with the {@code Rss:} of their smaps block. A block starts with its maps line;
     * the mappings and smaps are read one after the other, so a mapping smaps no longer shows keeps -1.
     */
    public static List<Mapping> withSmapsRss(List<Mapping> maps, List<String> smaps) {
        java.util.Map<Long, Long> rssByStart = new java.util.HashMap<>();
        long blockStart = -1;
        for (String line : smaps) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash > 0 && space > dash && line.substring(0, dash).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                blockStart = Long.parseUnsignedLong(line.substring(0, dash), 16);
            } else if (line.startsWith("Rss:") && blockStart >= 0) {
                rssByStart.put(blockStart, kib(line));
            }
        }
        return maps.stream().map(m -> new Mapping(m.pid(), m.start(), m.end(), m.perms(), m.offset(), m.path(),
                rssByStart.getOrDefault(m.start(), -1L))).toList();
    }

    private static long rssFile(Path root, Path pidDir) {
        return read(root, pidDir.resolve("status")).flatMap(lines -> lines.stream().filter(l -> l.startsWith("RssFile:"))
                .findFirst()).map(ProcMaps::kib).orElse(-1L);
    }

    /** The number of a "Key:   1234 kB" line; -1 when it is not one that fits. */
    private static long kib(String line) {
        String digits = line.replaceAll("\\D", "");
        return digits.matches("\\d{1,15}") ? Long.parseLong(digits) : -1;
    }

    /** A JVM's smaps runs to megabytes; a file beyond this is not a process's. */
    private static final int MAPS_CAP = 64 << 20;

    private static java.util.Optional<List<String>> read(Path root, Path p) {
        return BoundedFileReader.readInside(root, p, MAPS_CAP).text().map(t -> t.lines().toList());
    }

    /** The device-DAX filter. */
    public static boolean isDeviceDax(String path) {
        return path.startsWith("/dev/dax");
    }
}
