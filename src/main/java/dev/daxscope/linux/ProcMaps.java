package dev.daxscope.linux;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Who maps what: {@code /proc/PID/maps} of every process, filtered (for device-DAX: paths
 * starting with {@code /dev/dax}), with each process's {@code RssFile}. A process whose files we
 * may not read is reported as needing root, never as an error.
 */
public final class ProcMaps {
    private ProcMaps() {
    }

    /** One mapping line. */
    public record Mapping(int pid, long start, long end, String perms, long offset, String path) {
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
                        Long.parseUnsignedLong(f[0].substring(dash + 1), 16), f[1], Long.parseUnsignedLong(f[2], 16), path));
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
            pids = s.filter(p -> p.getFileName().toString().matches("\\d+")).toList();
        } catch (IOException e) {
            return out;
        }
        for (Path p : pids) {
            int pid = Integer.parseInt(p.getFileName().toString());
            String comm = read(p.resolve("comm")).map(l -> l.isEmpty() ? "" : l.get(0)).orElse("?");
            try {
                List<Mapping> maps = parse(pid, Files.readAllLines(p.resolve("maps")), pathFilter);
                if (!maps.isEmpty()) {
                    out.add(new ProcessMappings(pid, comm, maps, rssFile(p), ""));
                }
            } catch (AccessDeniedException e) {
                out.add(new ProcessMappings(pid, comm, List.of(), -1, "needs root"));
            } catch (NoSuchFileException e) {
                // the process exited while we looked
            } catch (IOException e) {
                out.add(new ProcessMappings(pid, comm, List.of(), -1, "unreadable: " + e.getClass().getSimpleName()));
            }
        }
        return out;
    }

    private static long rssFile(Path pidDir) {
        return read(pidDir.resolve("status")).flatMap(lines -> lines.stream().filter(l -> l.startsWith("RssFile:"))
                .findFirst()).map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(-1L);
    }

    private static java.util.Optional<List<String>> read(Path p) {
        try {
            return java.util.Optional.of(Files.readAllLines(p));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The device-DAX filter. */
    public static boolean isDeviceDax(String path) {
        return path.startsWith("/dev/dax");
    }
}
