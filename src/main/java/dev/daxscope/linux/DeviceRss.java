package dev.daxscope.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the 6.15 refcount change made visible, measured in one process: the {@code RssFile} that
 * its device-DAX mappings are charged, and one mapping's smaps {@code Rss}.
 *
 * <p>A JVM maps files of its own (libjvm, the CDS archive, jars, hsperfdata on tmpfs) that fault
 * in while a script runs, so the device share is measured, not assumed: {@code RssFile + RssShmem}
 * from {@code status} minus the file and shmem pages smaps shows in every file-backed mapping that
 * is not a device-DAX one. What remains is charged to device-DAX mappings plus a constant (the
 * vDSO's pages, charged to RssFile in a mapping without an inode), which a baseline taken before
 * the first device mapping removes.
 */
public final class DeviceRss {
    private static final int ATTEMPTS = 20;

    private DeviceRss() {
    }

    /**
     * KiB charged to RssFile (and RssShmem) that no non-device file mapping accounts for, read
     * until {@code status} is the same before and after smaps, so a fault in between does not count.
     */
    public static long unexplainedFileKiB(Path pidDir) throws IOException {
        long last = -1;
        for (int i = 0; i < ATTEMPTS; i++) {
            long before = fileAndShmemKiB(Files.readAllLines(pidDir.resolve("status")));
            long others = nonDeviceFileKiB(Files.readAllLines(pidDir.resolve("smaps")));
            long after = fileAndShmemKiB(Files.readAllLines(pidDir.resolve("status")));
            last = after - others;
            if (before == after) {
                return last;
            }
        }
        return last;
    }

    /** {@code RssFile + RssShmem} of a status file, in KiB. */
    static long fileAndShmemKiB(List<String> status) {
        long sum = 0;
        for (String line : status) {
            if (line.startsWith("RssFile:") || line.startsWith("RssShmem:")) {
                sum += kib(line);
            }
        }
        return sum;
    }

    /**
     * The file and shmem pages (Rss − Anonymous, KiB) of every mapping that has an inode and is
     * not a device-DAX mapping. Anonymous pages of a private file mapping are RssAnon, not file pages.
     */
    static long nonDeviceFileKiB(List<String> smaps) {
        long sum = 0;
        long rss = 0;
        boolean counted = false;
        for (String line : smaps) {
            String[] header = header(line);
            if (header != null) {
                counted = !header[4].equals("0") && !ProcMaps.isDeviceDax(header.length > 5 ? header[5] : "");
                rss = 0;
            } else if (counted && line.startsWith("Rss:")) {
                rss = kib(line);
                sum += rss;
            } else if (counted && line.startsWith("Anonymous:")) {
                sum -= Math.min(rss, kib(line));
            }
        }
        return sum;
    }

    /** smaps {@code Rss} (KiB) of the mapping that contains {@code address}; -1 when none does. */
    public static long smapsRssKiB(List<String> smaps, long address) {
        boolean inside = false;
        for (String line : smaps) {
            String[] header = header(line);
            if (header != null) {
                int dash = header[0].indexOf('-');
                long start = Long.parseUnsignedLong(header[0].substring(0, dash), 16);
                long end = Long.parseUnsignedLong(header[0].substring(dash + 1), 16);
                inside = Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
            } else if (inside && line.startsWith("Rss:")) {
                return kib(line);
            }
        }
        return -1;
    }

    /** The fields of a mapping's first smaps line (range, perms, offset, dev, inode[, path]), else null. */
    private static String[] header(String line) {
        int dash = line.indexOf('-');
        int space = line.indexOf(' ');
        if (dash <= 0 || space < dash || !line.substring(0, dash).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        String[] f = line.trim().split("\\s+", 6);
        return f.length >= 5 ? f : null;
    }

    private static long kib(String line) {
        String digits = line.replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }
}
