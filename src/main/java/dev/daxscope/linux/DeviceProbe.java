package dev.daxscope.linux;

import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.ProbeReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Probe mode: daxscope maps a device itself (MAP_SHARED, as R100 requires) and touches pages to
 * watch faults happen, reading back pagemap and mincore for each page. A SIGBUS (device unbound,
 * access past the device) is caught and reported; the JVM goes on.
 */
public final class DeviceProbe {
    private DeviceProbe() {
    }

    /** /proc/kpagecount (or kpageflags) of the entry's PFN; -1 when the PFN is hidden or the file needs root. */
    private static long kernelCounter(Pagemap.Entry pm, boolean count) {
        if (!pm.present() || pm.pfnHidden()) {
            return -1;
        }
        try {
            return count ? Pagemap.kpagecount(Path.of("/proc"), pm.pfn()) : Pagemap.kpageflags(Path.of("/proc"), pm.pfn());
        } catch (IOException e) {
            return -1;
        }
    }

    /** What the kernel charged this process for the mapping at {@code addr}, against the count before mapping it. */
    private static ProbeReport.Accounting accounting(long beforeKiB, long addr) {
        long after = unexplainedFileKiB();
        long smaps;
        try {
            smaps = DeviceRss.smapsRssKiB(java.nio.file.Files.readAllLines(Path.of("/proc/self/smaps")), addr);
        } catch (IOException e) {
            smaps = -1;
        }
        return new ProbeReport.Accounting(System.getProperty("os.version"), beforeKiB < 0 || after < 0 ? -1
                : Math.max(0, after - beforeKiB) * 1024, smaps < 0 ? -1 : smaps * 1024);
    }

    private static long unexplainedFileKiB() {
        try {
            return DeviceRss.unexplainedFileKiB(Path.of("/proc/self"));
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Maps {@code length} bytes of {@code path} and touches {@code pages} pages spaced {@code step}
     * bytes apart (reading, or writing when {@code write}).
     */
    public static ProbeReport run(String path, long length, long step, int pages, boolean write) {
        int fd = Libc.open(path, write ? Libc.O_RDWR : Libc.O_RDONLY);
        if (fd < 0) {
            Errno e = Probe.errno(Libc.lastErrno());
            return new ProbeReport(Outcome.fail(e, "R11", "open " + path + ": " + e.message()));
        }
        try {
            int prot = Libc.PROT_READ | (write ? Libc.PROT_WRITE : 0);
            long before = unexplainedFileKiB();
            long addr = Libc.mmap(0, length, prot, Libc.MAP_SHARED, fd, 0);
            if (addr == Libc.MAP_FAILED) {
                Errno e = Probe.errno(Libc.lastErrno());
                return new ProbeReport(Outcome.fail(e, "R41", "mmap " + path + " length " + length + ": " + e.message()));
            }
            try {
                List<ProbeReport.Page> out = new ArrayList<>();
                for (int i = 0; i < pages && (long) i * step < length; i++) {
                    long a = addr + (long) i * step;
                    Outcome o = write ? Probe.write(a, (byte) i) : Probe.read(a);
                    Pagemap.Entry pm;
                    try {
                        pm = Pagemap.entry(Path.of("/proc/self"), a);
                    } catch (IOException e) {
                        pm = new Pagemap.Entry(0);
                    }
                    byte[] core = Libc.mincore(a, 4096);
                    out.add(new ProbeReport.Page((long) i * step, o, pm.present(), pm.pfn(), pm.pfnHidden(),
                            core != null && (core[0] & 1) != 0, kernelCounter(pm, true), kernelCounter(pm, false)));
                }
                return new ProbeReport(Outcome.ok(), addr, out, accounting(before, addr));
            } finally {
                Libc.munmap(addr, length);
            }
        } finally {
            Libc.close(fd);
        }
    }
}
