package dev.daxscope.linux;

import dev.daxscope.model.MemoryTopology.NumaMapping;
import dev.daxscope.model.MemoryTopology.ProcessNumaPages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code /proc/PID/numa_maps} of every process that can be read: per mapping its policy, file and
 * pages per node ({@code N<node>=<pages>}). Processes whose numa_maps cannot be read (another
 * user's, without root) are counted in one warning rather than listed one by one.
 */
final class NumaMapsReader {
    /** A bound on the work per read, so a machine with very many processes stays responsive. */
    static final int MAX_PROCESSES = 4096;

    private final TreeFiles proc;

    NumaMapsReader(TreeFiles proc) {
        this.proc = proc;
    }

    List<ProcessNumaPages> readAll() {
        List<Integer> pids = new ArrayList<>();
        for (String name : proc.list(proc.root())) {
            if (name.matches("\\d{1,9}")) {
                pids.add(Integer.parseInt(name));
            }
        }
        pids.sort(null);
        if (pids.size() > MAX_PROCESSES) {
            proc.warn("/proc: " + pids.size() + " processes; numa_maps read for the first " + MAX_PROCESSES);
            pids = pids.subList(0, MAX_PROCESSES);
        }
        List<ProcessNumaPages> out = new ArrayList<>();
        int unreadable = 0;
        // Unreadable numa_maps are expected for other users' processes: count them, do not list each.
        List<String> scratch = new ArrayList<>();
        TreeFiles quiet = new TreeFiles(proc.root(), "/proc", scratch);
        for (int pid : pids) {
            Path dir = proc.resolve(Integer.toString(pid));
            Optional<String> maps = quiet.text(dir.resolve("numa_maps"));
            if (maps.isEmpty()) {
                unreadable++;
                continue;
            }
            String comm = quiet.text(dir.resolve("comm")).orElse("?").strip();
            out.add(new ProcessNumaPages(pid, comm, parse(maps.get())));
        }
        if (unreadable > 0) {
            // Root reads nearly every process's numa_maps: what it misses exited, or ptrace access was refused.
            proc.warn("/proc/PID/numa_maps: " + unreadable + " of " + pids.size() + " processes could not be read ("
                    + (Privileges.runningAsRoot() ? "they exited while read, or ptrace access was refused" : "other users' processes need root") + ")");
        }
        return out;
    }

    /** Parses numa_maps text; lines that do not start with a hex address are skipped. */
    static List<NumaMapping> parse(String text) {
        List<NumaMapping> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2 || !f[0].matches("[0-9a-f]{1,16}")) {
                continue;
            }
            Map<Integer, Long> pages = new TreeMap<>();
            String file = "";
            long pageKb = 4;
            for (int i = 2; i < f.length; i++) {
                String tok = f[i];
                if (tok.matches("N\\d{1,5}=\\d{1,18}")) {
                    int eq = tok.indexOf('=');
                    pages.merge(Integer.parseInt(tok.substring(1, eq)), Long.parseLong(tok.substring(eq + 1)), Long::sum);
                } else if (tok.startsWith("file=")) {
                    file = tok.substring(5);
                } else if (tok.matches("kernelpagesize_kB=\\d{1,9}")) {
                    pageKb = Long.parseLong(tok.substring(tok.indexOf('=') + 1));
                }
            }
            out.add(new NumaMapping(Long.parseUnsignedLong(f[0], 16), f[1], file, pages, pageKb));
        }
        return out;
    }
}
