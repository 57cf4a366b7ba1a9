package dev.daxscope.scenario;

import dev.daxscope.daxctl.DaxctlCommands;
import dev.daxscope.daxctl.RealSysfsAccess;
import dev.daxscope.linux.DeviceRss;
import dev.daxscope.linux.Libc;
import dev.daxscope.linux.Probe;
import dev.daxscope.linux.SysfsSnapshotReader;
import dev.daxscope.linux.SysfsWriter;
import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Errno;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code daxscope run --target linux}: the same statements against the real kernel. Region lines
 * are checked against the machine (not created); sysfs, bind/unbind and daxctl statements act on
 * the real /sys; the first spawned process is this JVM, whose open/mmap/read/write/touch/munmap/
 * mprotect/madvise/fdread/close run for real through FFM (SIGBUS caught), and its rss and smaps
 * are measured ({@link DeviceRss}). What cannot run on a real kernel reports SKIP with the
 * reason, never a PASS. Confined: sysfs paths only in the device-DAX trees
 * ({@link dev.daxscope.linux.SysfsConfinement}), {@code open} only /dev/daxX.Y and the
 * --allow-file list. Without {@code --allow-write} nothing changes the machine: writes are
 * skipped, files open read-only, stores are not attempted; with it every write and store is
 * audited.
 */
public final class LinuxTargetRunner implements StatementRunner {
    private static final Path SELF = Path.of("/proc/self");
    private static final Pattern DEVICE_DAX = Pattern.compile("/dev/dax\\d+\\.\\d+");

    private final Scenario scenario;
    private final Path sysRoot;
    private final boolean allowWrite;
    private final RealSysfsAccess sysfs;
    private final Map<String, String> regionDirs = new HashMap<>();
    private final Map<String, Integer> fds = new HashMap<>();
    private final Map<String, Long> addresses = new HashMap<>();
    /** Our own mappings: an access outside them would be a real SIGSEGV in the JVM, so it is refused first. */
    private final List<Mapped> mappings = new ArrayList<>();
    /** The real path and writability of each open fd, for the audit line of a store through a mapping of it. */
    private final Map<Integer, String> fdFiles = new HashMap<>();
    private final Map<Integer, Boolean> fdWritable = new HashMap<>();
    /** Descriptors the script opened read-only itself (not downgraded for want of --allow-write). */
    private final java.util.Set<Integer> fdReadOnlyAsked = new java.util.HashSet<>();
    /** Descriptors the script opened and has not closed: {@link #finish} closes them as an exit would. */
    private final java.util.Set<Integer> openFds = new java.util.HashSet<>();
    private final Set<Path> allowedFiles;
    private final SysfsWriter writer;
    private String self;
    /** {@link DeviceRss#unexplainedFileKiB} when this JVM became the script's process, before any device mapping. */
    private long rssBaselineKiB;
    private int next;

    /**
     * {@code writer} (audited) carries the script's writes and stores; null when writes are not
     * allowed. {@code allowedFiles} may be opened besides /dev/daxX.Y (tests map their own files).
     */
    public LinuxTargetRunner(Scenario scenario, Path sysRoot, SysfsWriter writer, Set<Path> allowedFiles) {
        this.scenario = scenario;
        this.sysRoot = sysRoot;
        this.allowWrite = writer != null;
        this.writer = writer;
        this.sysfs = new RealSysfsAccess(sysRoot, writer);
        this.allowedFiles = allowedFiles;
    }

    @Override
    public boolean hasNext() {
        return next < scenario.statements().size();
    }

    @Override
    public StepResult step() {
        Statement s = scenario.statements().get(next++);
        try {
            return execute(s);
        } catch (RuntimeException e) {
            return StepResult.internalError(s, e);
        }
    }

    /**
     * The script's process ends: what it left mapped is unmapped and what it left open is closed,
     * as the kernel does at exit, so the next script in this JVM meets no file of this one (a file
     * still open holds the device's cdev and changes what an open after unbind answers, R11).
     */
    @Override
    public void finish() {
        for (Mapped m : mappings) {
            Libc.munmap(m.start(), m.end() - m.start());
        }
        mappings.clear();
        for (int fd : openFds) {
            Libc.close(fd);
        }
        openFds.clear();
    }

    private static StepResult skip(Statement s, String why) {
        return new StepResult(s, "SKIP", "", s.expectation() == null ? null : s.expectation().display(), null, why);
    }

    private String path(String p) {
        if (!p.startsWith("@")) {
            return p;
        }
        int slash = p.indexOf('/');
        String alias = slash < 0 ? p.substring(1) : p.substring(1, slash);
        String dir = regionDirs.get(alias);
        return dir == null ? p : dir + (slash < 0 ? "" : p.substring(slash));
    }

    /** One case per statement, and no default: a statement without a case here does not compile. */
    private StepResult execute(Statement s) {
        return switch (s) {
            case Statement.Kernel _ -> skip(s, "the real kernel is what it is (" + System.getProperty("os.version") + ")");
            case Statement.Memory _ -> skip(s, "the hot-plug environment of a real machine cannot be set by a script");
            case Statement.Node _ -> skip(s, "a real machine's node performance comes from its firmware (HMAT)");
            case Statement.Monitor _ -> skip(s, "a real machine's DAMON is started by 'daxscope heat --allow-write', not by a script");
            case Statement.Elapse _ -> skip(s, "a real machine's time is not the script's to move");
            case Statement.Region r -> checkRegion(r);
            case Statement.Read r -> {
                var read = sysfs.read(path(r.path()));
                yield read.ok() ? ScenarioRunner.readText(r, read.text()) : ScenarioRunner.status(s, read.outcome());
            }
            case Statement.Write _ when !allowWrite -> skipWrite(s);
            case Statement.Write w -> ScenarioRunner.status(s, sysfs.write(path(w.path()), w.value() + "\n"));
            case Statement.Bind _ when !allowWrite -> skipWrite(s);
            case Statement.Bind b -> ScenarioRunner.status(s, sysfs.write("/sys/bus/dax/drivers/" + b.driver().keyword()
                    + "/bind", b.device() + "\n"));
            case Statement.Unbind _ when !allowWrite -> skipWrite(s);
            case Statement.Unbind u -> {
                String driver = u.driver() != null ? u.driver().keyword() : currentDriver(sysfs, u.device());
                yield ScenarioRunner.status(s, sysfs.write("/sys/bus/dax/drivers/" + driver + "/unbind", u.device() + "\n"));
            }
            case Statement.Daxctl d when !allowWrite && !d.args().get(0).equals("list") -> skipWrite(s);
            case Statement.Daxctl d -> ScenarioRunner.daxctl(d, new DaxctlCommands(sysfs, this::snapshot).run(d.args()));
            case Statement.User u -> {
                boolean root = "root".equals(System.getProperty("user.name"));
                yield u.account() == Statement.Account.ROOT && root ? ScenarioRunner.status(s, Outcome.ok())
                        : skip(s, "cannot change the user of a running JVM");
            }
            case Statement.Say say -> new StepResult(s, say.narration(), "", null, null, "");
            case Statement.Pause _ -> new StepResult(s, "", "", null, null, "");
            case Statement.Spawn sp -> {
                if (self == null) {
                    self = sp.name();
                    rssBaselineKiB = unexplainedFileKiB();
                    yield ScenarioRunner.status(s, Outcome.ok("this JVM plays " + self));
                }
                yield skip(s, "only one process (this JVM) runs on a real machine");
            }
            case Statement.Rss r -> !r.process().equals(self) ? skipOtherProcess(s)
                    : ScenarioRunner.rss(s, (unexplainedFileKiB() - rssBaselineKiB) * 1024);
            case Statement.Smaps m -> {
                if (!m.process().equals(self)) {
                    yield skipOtherProcess(s);
                }
                long kib = DeviceRss.smapsRssKiB(readSelf("smaps"), m.address().resolve(addresses));
                yield kib >= 0 ? ScenarioRunner.rss(s, kib * 1024) : ScenarioRunner.status(s, Outcome.fail(Errno.EFAULT,
                        "", "no mapping of this JVM contains " + m.address()));
            }
            case Statement.State _ -> ScenarioRunner.state(s, snapshot());
            case Statement.Remove _, Statement.Poison _, Statement.Folio _, Statement.Mappings _, Statement.Signals _,
                 Statement.Check _ -> skip(s, "'" + s.verb() + "' needs the simulator (folio counters, other processes and"
                    + " poison are not observable or not safe on a real machine)");
            case Statement.OfProcess op -> op.process().equals(self) ? process(op)
                    : skip(s, "only the first spawned process (this JVM) runs on a real machine");
        };
    }

    private static StepResult skipWrite(Statement s) {
        return skip(s, "changes the machine; run with --allow-write");
    }

    private static StepResult skipOtherProcess(Statement s) {
        return skip(s, "only the first spawned process (this JVM) runs on a real machine");
    }

    /** RssFile not explained by this JVM's own file mappings (see {@link DeviceRss}). */
    private static long unexplainedFileKiB() {
        try {
            return DeviceRss.unexplainedFileKiB(SELF);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> readSelf(String file) {
        try {
            return java.nio.file.Files.readAllLines(SELF.resolve(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private MachineSnapshot snapshot() {
        return new SysfsSnapshotReader(sysRoot).read("this machine");
    }

    private static String currentDriver(RealSysfsAccess sysfs, String dev) {
        for (DriverKind d : DriverKind.values()) {
            if (d.bound() && sysfs.list("/sys/bus/dax/drivers/" + d.sysfsName()).contains(dev)) {
                return d.sysfsName();
            }
        }
        return DriverKind.DEVICE_DAX.sysfsName();
    }

    /** A region line names a region that must exist: same start and size (and align when given). */
    private StepResult checkRegion(Statement.Region s) {
        for (MachineSnapshot.RegionInfo r : snapshot().regions()) {
            boolean alignOk = s.align() == null || r.align() == s.align();
            if (r.start() == s.start() && r.size() == s.size() && alignOk) {
                regionDirs.put(s.name(), "/sys/devices" + r.path() + "/dax_region");
                return ScenarioRunner.status(s, Outcome.ok("matches region " + r.id()));
            }
        }
        return ScenarioRunner.status(s, Outcome.fail(Errno.ENODEV, "", "this machine has no dax region at 0x"
                + Long.toHexString(s.start()) + " of " + s.size() + " bytes"));
    }

    // ------------------------------------------------------------------ this JVM as the process

    /** One of this script's mappings: [start, end) of {@code file} from byte {@code offset}. */
    private record Mapped(long start, long end, boolean writable, String file, long offset) {
    }

    /** One case per process operation, and no default. */
    private StepResult process(Statement.OfProcess s) {
        return switch (s) {
            case Statement.Open o -> open(o);
            case Statement.Mmap m -> mmap(m);
            case Statement.Load l -> ScenarioRunner.status(s, access(l.address().resolve(addresses), 1, 1, false));
            case Statement.Store _ when !allowWrite -> skip(s, "a store changes the machine; run with --allow-write");
            case Statement.Store w -> ScenarioRunner.status(s, access(w.address().resolve(addresses), 1, 1, true));
            case Statement.Touch t when t.write() && !allowWrite -> skip(s, "stores change the machine; run with --allow-write");
            case Statement.Touch t -> ScenarioRunner.status(s, access(t.address().resolve(addresses), t.len(), t.step(),
                    t.write()));
            case Statement.Munmap m -> {
                long a = m.address().resolve(addresses);
                if (!owned(a, m.len())) {
                    yield skip(s, "only this script's own mappings are unmapped");
                }
                int r = Libc.munmap(a, m.len());
                if (r == 0) {
                    replace(a, m.len(), null);
                }
                yield ScenarioRunner.status(s, r == 0 ? Outcome.ok() : errno("munmap"));
            }
            case Statement.Mprotect m when m.writable() && !allowWrite ->
                    skip(s, "a writable mapping could change the machine; run with --allow-write");
            case Statement.Mprotect m -> {
                long a = m.address().resolve(addresses);
                if (!owned(a, m.len())) {
                    yield skip(s, "only this script's own mappings are changed");
                }
                int r = Libc.mprotect(a, m.len(), Libc.PROT_READ | (m.writable() ? Libc.PROT_WRITE : 0));
                if (r == 0) {
                    replace(a, m.len(), m.writable());
                }
                yield ScenarioRunner.status(s, r == 0 ? Outcome.ok() : errno("mprotect"));
            }
            case Statement.Madvise m -> {
                long a = m.address().resolve(addresses);
                if (!owned(a, m.len())) {
                    yield skip(s, "only this script's own mappings are advised");
                }
                int advice = switch (m.advice()) {
                    case DONTNEED -> Libc.MADV_DONTNEED;
                    case NOHUGEPAGE -> Libc.MADV_NOHUGEPAGE;
                    case HUGEPAGE -> Libc.MADV_HUGEPAGE;
                };
                yield ScenarioRunner.status(s, Libc.madvise(a, m.len(), advice) == 0 ? Outcome.ok() : errno("madvise"));
            }
            case Statement.Fdread f -> {
                long r = Libc.read(fds.getOrDefault(f.fd(), -1), f.len());
                yield ScenarioRunner.status(s, r >= 0 ? Outcome.ok() : errno("read"));
            }
            case Statement.Close c -> {
                fdReadOnlyAsked.remove(fds.getOrDefault(c.fd(), -1));
                int r = Libc.close(fds.getOrDefault(c.fd(), -1));
                if (r == 0) {
                    openFds.remove(fds.get(c.fd()));
                }
                yield ScenarioRunner.status(s, r == 0 ? Outcome.ok() : errno("close"));
            }
            case Statement.Pin _, Statement.Get _, Statement.Release _, Statement.Mremap _, Statement.Prctl _,
                 Statement.Fork _, Statement.Exit _, Statement.Alloc _,
                 Statement.Work _ -> skip(s, "'" + s.verb() + "' needs the simulator");
        };
    }

    /**
     * Only a device-DAX node (or a file the user allowed with --allow-file) is opened, after every
     * link is followed; without --allow-write it is opened read-only, so nothing mapped from it
     * can be stored to.
     */
    private StepResult open(Statement.Open s) {
        fds.put(s.fd(), -1);
        Path real;
        try {
            real = Path.of(s.path()).toRealPath();
        } catch (java.nio.file.NoSuchFileException e) {
            // Nothing there to open, as the kernel would say: no file is touched either way.
            return ScenarioRunner.status(s, Outcome.fail(Errno.ENOENT, "", s.path() + " does not exist"));
        } catch (IOException | RuntimeException e) {
            real = null;
        }
        if (real == null || !(DEVICE_DAX.matcher(real.toString()).matches() || allowedFiles.contains(real))) {
            return ScenarioRunner.status(s, Outcome.fail(Errno.EPERM, "", s.path() + (real == null ? " does not resolve" : " is "
                    + real) + ": scripts open only /dev/daxX.Y devices (or files given with --allow-file); refused"));
        }
        boolean rw = !s.readOnly() && allowWrite;
        int fd = Libc.open(real.toString(), rw ? Libc.O_RDWR : Libc.O_RDONLY);
        fds.put(s.fd(), fd);
        if (fd < 0) {
            return ScenarioRunner.status(s, errno("open " + s.path()));
        }
        openFds.add(fd);
        fdFiles.put(fd, real.toString());
        fdWritable.put(fd, rw);
        if (s.readOnly()) {
            fdReadOnlyAsked.add(fd);
        }
        return ScenarioRunner.status(s, !s.readOnly() && !rw ? Outcome.ok("opened read-only: stores need --allow-write")
                : Outcome.ok());
    }

    private StepResult mmap(Statement.Mmap s) {
        long len = s.len();
        long off = s.off();
        int fd = fds.getOrDefault(s.fd(), -1);
        // Without --allow-write the file is open read-only; the mapping is too. A file the script
        // itself opened read-only gets the protection asked for: the kernel refuses a shared
        // writable mapping of it (EACCES, R42) before anything is mapped.
        boolean rw = s.writable() && (fdWritable.getOrDefault(fd, false) || fdReadOnlyAsked.contains(fd));
        int flags = !s.shared() ? Libc.MAP_PRIVATE : s.sync() ? Libc.MAP_SHARED_VALIDATE | Libc.MAP_SYNC
                : Libc.MAP_SHARED;
        long hint = 0;
        if (s.at() != null) {
            flags |= Libc.MAP_FIXED_NOREPLACE;
            hint = s.at();
        }
        if (s.populate()) {
            flags |= Libc.MAP_POPULATE;
        }
        long addr = Libc.mmap(hint, len, Libc.PROT_READ | (rw ? Libc.PROT_WRITE : 0), flags, fd, off);
        if (addr == Libc.MAP_FAILED) {
            addresses.put(s.address(), 0L);
            return ScenarioRunner.status(s, errno("mmap"));
        }
        addresses.put(s.address(), addr);
        // The kernel placed len bytes, so addr + the page-rounded len does not wrap.
        mappings.add(new Mapped(addr, addr + ((len + 4095) & ~4095L), rw, fdFiles.getOrDefault(fd, "?"), off));
        return ScenarioRunner.status(s, Outcome.ok());
    }

    /**
     * Touches {@code [addr, addr+len)} every {@code step} bytes (a single access when len is 1),
     * stopping at the first failure. Only this script's mappings are touched: anything else would
     * be a real SIGSEGV in the JVM, so it is reported, not attempted. Stores are audited.
     */
    private Outcome access(long addr, long len, long step, boolean store) {
        Mapped first = mappingAt(addr);
        if (store && writer != null && first != null && first.writable()) {
            return writer.audited(first.file(), "store 0x5a every " + step + " bytes over " + len + " bytes from offset "
                    + (first.offset() + (addr - first.start())), () -> ScenarioRunner.touch(addr, len, step, a -> accessOne(a, true)));
        }
        return ScenarioRunner.touch(addr, len, step, a -> accessOne(a, store));
    }

    private Outcome accessOne(long addr, boolean store) {
        Mapped m = mappingAt(addr);
        if (m == null) {
            return new Outcome.Signal("SIGSEGV", "MAPERR", addr, "", "not one of this script's mappings (not attempted)");
        }
        if (store && !m.writable()) {
            return new Outcome.Signal("SIGSEGV", "ACCERR", addr, "", "store to a read-only mapping (not attempted)");
        }
        return store ? Probe.write(addr, (byte) 0x5a) : Probe.read(addr);
    }

    private Mapped mappingAt(long addr) {
        for (Mapped m : mappings) {
            if (Long.compareUnsigned(addr, m.start()) >= 0 && Long.compareUnsigned(addr, m.end()) < 0) {
                return m;
            }
        }
        return null;
    }

    /** Whether our mappings cover the whole range; mprotect may have split it into adjacent pieces. */
    private boolean owned(long addr, long len) {
        long end = addr + len;
        if (len <= 0 || Long.compareUnsigned(end, addr) < 0) {
            return false;
        }
        long covered = addr;
        for (Mapped m = mappingAt(covered); m != null && Long.compareUnsigned(covered, end) < 0; m = mappingAt(covered)) {
            covered = m.end();
        }
        return Long.compareUnsigned(covered, end) >= 0;
    }

    /** Drops [addr, addr+len) from the mappings (munmap), or re-adds it with {@code writable} (mprotect). */
    private void replace(long addr, long len, Boolean writable) {
        long end = addr + len;
        List<Mapped> next = new ArrayList<>();
        for (Mapped m : mappings) {
            if (end <= m.start() || addr >= m.end()) {
                next.add(m);
                continue;
            }
            if (m.start() < addr) {
                next.add(new Mapped(m.start(), addr, m.writable(), m.file(), m.offset()));
            }
            if (writable != null) {
                long from = Math.max(addr, m.start());
                next.add(new Mapped(from, Math.min(end, m.end()), writable, m.file(), m.offset() + (from - m.start())));
            }
            if (end < m.end()) {
                next.add(new Mapped(end, m.end(), m.writable(), m.file(), m.offset() + (end - m.start())));
            }
        }
        mappings.clear();
        mappings.addAll(next);
    }

    private static Outcome errno(String what) {
        Errno e = Probe.errno(Libc.lastErrno());
        return Outcome.fail(e, "", what + ": " + e.message());
    }
}
