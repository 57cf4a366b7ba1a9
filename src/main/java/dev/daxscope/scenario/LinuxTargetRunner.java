package dev.daxscope.scenario;

import dev.daxscope.daxctl.DaxctlCommands;
import dev.daxscope.daxctl.RealSysfsAccess;
import dev.daxscope.linux.DeviceRss;
import dev.daxscope.linux.Libc;
import dev.daxscope.linux.Probe;
import dev.daxscope.linux.SysfsSnapshotReader;
import dev.daxscope.linux.SysfsWriter;
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
    private static final Set<String> CHANGES_STATE = Set.of("write", "bind", "unbind", "daxctl");
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

    private StepResult execute(Statement s) {
        if (s.subject() != null) {
            return process(s);
        }
        if (CHANGES_STATE.contains(s.verb()) && !allowWrite
                && !(s.verb().equals("daxctl") && !s.args().isEmpty() && s.arg(0).equals("list"))) {
            return skip(s, "changes the machine; run with --allow-write");
        }
        switch (s.verb()) {
            case "kernel" -> {
                return skip(s, "the real kernel is what it is (" + System.getProperty("os.version") + ")");
            }
            case "memory" -> {
                return skip(s, "the hot-plug environment of a real machine cannot be set by a script");
            }
            case "node" -> {
                return skip(s, "a real machine's node performance comes from its firmware (HMAT)");
            }
            case "region" -> {
                return checkRegion(s);
            }
            case "read" -> {
                var r = sysfs.read(path(s.arg(0)));
                if (!r.ok()) {
                    return ScenarioRunner.status(s, r.outcome());
                }
                String shown = new Expectation.Text(r.text()).display();
                if (s.expectation() == null) {
                    return new StepResult(s, shown, "", null, null, "");
                }
                boolean pass = s.expectation() instanceof Expectation.Text t ? t.text().equals(r.text())
                        : s.expectation() instanceof Expectation.Ok;
                return new StepResult(s, shown, "", s.expectation().display(), pass, "");
            }
            case "write" -> {
                return ScenarioRunner.status(s, sysfs.write(path(s.arg(0)), s.arg(1) + "\n"));
            }
            case "bind" -> {
                return ScenarioRunner.status(s, sysfs.write("/sys/bus/dax/drivers/" + s.arg(1) + "/bind", s.arg(0) + "\n"));
            }
            case "unbind" -> {
                String driver = s.args().size() > 1 ? s.arg(1) : currentDriver(sysfs, s.arg(0));
                return ScenarioRunner.status(s, sysfs.write("/sys/bus/dax/drivers/" + driver + "/unbind", s.arg(0) + "\n"));
            }
            case "user" -> {
                boolean root = "root".equals(System.getProperty("user.name"));
                return s.arg(0).equals("root") && root ? ScenarioRunner.status(s, Outcome.ok())
                        : skip(s, "cannot change the user of a running JVM");
            }
            case "daxctl" -> {
                DaxctlCommands.Result r = new DaxctlCommands(sysfs, this::snapshot).run(s.args().stream().map(Token::text)
                        .toList());
                StepResult base = ScenarioRunner.status(s, r.outcome());
                return new StepResult(s, base.result(), r.stdout().strip(), base.expected(), base.pass(), base.detail());
            }
            case "say" -> {
                return new StepResult(s, String.join(" ", s.args().stream().map(Token::text).toList()), "", null, null, "");
            }
            case "pause" -> {
                return new StepResult(s, "", "", null, null, "");
            }
            case "spawn" -> {
                if (self == null) {
                    self = s.arg(0);
                    rssBaselineKiB = unexplainedFileKiB();
                    return ScenarioRunner.status(s, Outcome.ok("this JVM plays " + self));
                }
                return skip(s, "only one process (this JVM) runs on a real machine");
            }
            case "rss" -> {
                if (!s.arg(0).equals(self)) {
                    return skip(s, "only the first spawned process (this JVM) runs on a real machine");
                }
                return ScenarioRunner.rss(s, (unexplainedFileKiB() - rssBaselineKiB) * 1024);
            }
            case "smaps" -> {
                if (!s.arg(0).equals(self)) {
                    return skip(s, "only the first spawned process (this JVM) runs on a real machine");
                }
                long kib = DeviceRss.smapsRssKiB(readSelf("smaps"), address(s.arg(1)));
                return kib >= 0 ? ScenarioRunner.rss(s, kib * 1024) : ScenarioRunner.status(s, Outcome.fail(Errno.EFAULT,
                        "", "no mapping of this JVM contains " + s.arg(1)));
            }
            case "state" -> {
                String json = dev.daxscope.daxctl.DaxctlList.print(snapshot(),
                        new dev.daxscope.daxctl.DaxctlList.Options(true, true, true, true, false, null, null));
                return new StepResult(s, "ok", json.isEmpty() ? "[]" : json, null, null, "");
            }
            default -> {
                return skip(s, "'" + s.verb() + "' needs the simulator (folio counters, other processes and poison"
                        + " are not observable or not safe on a real machine)");
            }
        }
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
        for (String d : new String[] {"device_dax", "kmem"}) {
            if (sysfs.list("/sys/bus/dax/drivers/" + d).contains(dev)) {
                return d;
            }
        }
        return "device_dax";
    }

    /** A region line names a region that must exist: same start and size (and align when given). */
    private StepResult checkRegion(Statement s) {
        long start = ScenarioRunner.opt(s, "start", 0);
        long size = ScenarioRunner.opt(s, "size", 0);
        for (MachineSnapshot.RegionInfo r : snapshot().regions()) {
            boolean alignOk = !s.options().containsKey("align") || r.align() == ScenarioRunner.opt(s, "align", 0);
            if (r.start() == start && r.size() == size && alignOk) {
                regionDirs.put(s.arg(0), "/sys/devices" + r.path() + "/dax_region");
                return ScenarioRunner.status(s, Outcome.ok("matches region " + r.id()));
            }
        }
        return ScenarioRunner.status(s, Outcome.fail(Errno.ENODEV, "", "this machine has no dax region at 0x"
                + Long.toHexString(start) + " of " + size + " bytes"));
    }

    // ------------------------------------------------------------------ this JVM as the process

    /** One of this script's mappings: [start, end) of {@code file} from byte {@code offset}. */
    private record Mapped(long start, long end, boolean writable, String file, long offset) {
    }

    private StepResult process(Statement s) {
        if (!s.subject().equals(self)) {
            return skip(s, "only the first spawned process (this JVM) runs on a real machine");
        }
        switch (s.verb()) {
            case "open" -> {
                return open(s);
            }
            case "mmap" -> {
                return mmap(s);
            }
            case "read", "write" -> {
                boolean store = s.verb().equals("write");
                if (store && !allowWrite) {
                    return skip(s, "a store changes the machine; run with --allow-write");
                }
                return ScenarioRunner.status(s, access(address(s.arg(0)), 1, 1, store));
            }
            case "touch" -> {
                boolean store = s.has("write");
                if (store && !allowWrite) {
                    return skip(s, "stores change the machine; run with --allow-write");
                }
                return ScenarioRunner.status(s, access(address(s.arg(0)), ScenarioRunner.opt(s, "len", 0),
                        ScenarioRunner.opt(s, "step", 4096), store));
            }
            case "munmap" -> {
                long a = address(s.arg(0));
                long len = ScenarioRunner.opt(s, "len", 0);
                if (!owned(a, len)) {
                    return skip(s, "only this script's own mappings are unmapped");
                }
                int r = Libc.munmap(a, len);
                if (r == 0) {
                    replace(a, len, null);
                }
                return ScenarioRunner.status(s, r == 0 ? Outcome.ok() : errno("munmap"));
            }
            case "mprotect" -> {
                long a = address(s.arg(0));
                long len = ScenarioRunner.opt(s, "len", 0);
                boolean rw = s.has("rw");
                if (rw && !allowWrite) {
                    return skip(s, "a writable mapping could change the machine; run with --allow-write");
                }
                if (!owned(a, len)) {
                    return skip(s, "only this script's own mappings are changed");
                }
                int r = Libc.mprotect(a, len, Libc.PROT_READ | (rw ? Libc.PROT_WRITE : 0));
                if (r == 0) {
                    replace(a, len, rw);
                }
                return ScenarioRunner.status(s, r == 0 ? Outcome.ok() : errno("mprotect"));
            }
            case "madvise" -> {
                long a = address(s.arg(0));
                long len = ScenarioRunner.opt(s, "len", 0);
                if (!owned(a, len)) {
                    return skip(s, "only this script's own mappings are advised");
                }
                int advice = switch (s.flags().get(0)) {
                    case "dontneed" -> Libc.MADV_DONTNEED;
                    case "nohugepage" -> Libc.MADV_NOHUGEPAGE;
                    default -> Libc.MADV_HUGEPAGE;
                };
                return ScenarioRunner.status(s, Libc.madvise(a, len, advice) == 0 ? Outcome.ok() : errno("madvise"));
            }
            case "fdread" -> {
                long r = Libc.read(fds.getOrDefault(s.arg(0), -1), ScenarioRunner.opt(s, "len", 0));
                return ScenarioRunner.status(s, r >= 0 ? Outcome.ok() : errno("read"));
            }
            case "close" -> {
                int r = Libc.close(fds.getOrDefault(s.arg(0), -1));
                return ScenarioRunner.status(s, r == 0 ? Outcome.ok() : errno("close"));
            }
            default -> {
                return skip(s, "'" + s.verb() + "' needs the simulator");
            }
        }
    }

    /**
     * Only a device-DAX node (or a file the user allowed with --allow-file) is opened, after every
     * link is followed; without --allow-write it is opened read-only, so nothing mapped from it
     * can be stored to.
     */
    private StepResult open(Statement s) {
        fds.put(s.binds(), -1);
        Path real;
        try {
            real = Path.of(s.arg(0)).toRealPath();
        } catch (IOException | RuntimeException e) {
            real = null;
        }
        if (real == null || !(DEVICE_DAX.matcher(real.toString()).matches() || allowedFiles.contains(real))) {
            return ScenarioRunner.status(s, Outcome.fail(Errno.EPERM, "", s.arg(0) + (real == null ? " does not resolve" : " is "
                    + real) + ": scripts open only /dev/daxX.Y devices (or files given with --allow-file); refused"));
        }
        boolean rw = !s.has("ro") && allowWrite;
        int fd = Libc.open(real.toString(), rw ? Libc.O_RDWR : Libc.O_RDONLY);
        fds.put(s.binds(), fd);
        if (fd < 0) {
            return ScenarioRunner.status(s, errno("open " + s.arg(0)));
        }
        fdFiles.put(fd, real.toString());
        fdWritable.put(fd, rw);
        return ScenarioRunner.status(s, !s.has("ro") && !rw ? Outcome.ok("opened read-only: stores need --allow-write")
                : Outcome.ok());
    }

    private StepResult mmap(Statement s) {
        long len = ScenarioRunner.opt(s, "len", 0);
        long off = ScenarioRunner.opt(s, "off", 0);
        int fd = fds.getOrDefault(s.arg(0), -1);
        // Without --allow-write the file is open read-only; the mapping is too.
        boolean rw = !s.has("ro") && fdWritable.getOrDefault(fd, false);
        int flags = s.has("private") ? Libc.MAP_PRIVATE : s.has("sync") ? Libc.MAP_SHARED_VALIDATE | Libc.MAP_SYNC
                : Libc.MAP_SHARED;
        long hint = 0;
        if (s.options().containsKey("at")) {
            flags |= Libc.MAP_FIXED_NOREPLACE;
            hint = ScenarioRunner.opt(s, "at", 0);
        }
        if (s.has("populate")) {
            flags |= Libc.MAP_POPULATE;
        }
        long addr = Libc.mmap(hint, len, Libc.PROT_READ | (rw ? Libc.PROT_WRITE : 0), flags, fd, off);
        if (addr == Libc.MAP_FAILED) {
            addresses.put(s.binds(), 0L);
            return ScenarioRunner.status(s, errno("mmap"));
        }
        addresses.put(s.binds(), addr);
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

    private long address(String expr) {
        Long literal = ScriptNumbers.parseIntOrNull(expr);
        if (literal != null) {
            return literal;
        }
        int plus = expr.indexOf('+');
        long base = addresses.getOrDefault(plus < 0 ? expr : expr.substring(0, plus), 0L);
        return base == 0 ? 0 : plus < 0 ? base : base + ScriptNumbers.parseIntOrNull(expr.substring(plus + 1));
    }

    private static Outcome errno(String what) {
        Errno e = Probe.errno(Libc.lastErrno());
        return Outcome.fail(e, "", what + ": " + e.message());
    }
}
