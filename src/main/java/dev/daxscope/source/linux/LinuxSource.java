package dev.daxscope.source.linux;

import static dev.daxscope.model.PageSizes.PAGE_SHIFT;

import dev.daxscope.linux.SysfsSnapshotReader;
import dev.daxscope.model.Errno;
import dev.daxscope.model.FolioInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.Outcome;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.PageMapSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@link DaxSource} adapter over a real sysfs tree: this machine's {@code /sys} or a capture
 * opened as a snapshot. Read-only. Folio counters of device memory are not visible from user
 * space (R99), so {@link #folio} and the page map report nothing rather than guesses.
 */
public final class LinuxSource implements DaxSource {
    private final Path sysRoot;
    private final String name;
    private final dev.daxscope.linux.SysfsWriter writer;
    private final Path procRoot;
    private final Path devDir;
    private final java.util.function.Predicate<String> daxMapping;
    private final Runnable onClose;

    /** A read-only source; its procfs is the {@code proc} beside {@code sysRoot} (/proc for /sys, a capture's proc/). */
    public LinuxSource(Path sysRoot, String name) {
        this(sysRoot, besideSys(sysRoot), name, null, Path.of("/dev"), dev.daxscope.linux.ProcMaps::isDeviceDax);
    }

    /** A source that writes through {@code writer} (only when the user passed --allow-write). */
    public LinuxSource(Path sysRoot, String name, dev.daxscope.linux.SysfsWriter writer) {
        this(sysRoot, besideSys(sysRoot), name, writer, Path.of("/dev"), dev.daxscope.linux.ProcMaps::isDeviceDax);
    }

    /**
     * Every root given: sysfs, procfs (null: none), device nodes under {@code devDir} (probe mode
     * on a tree that is not this machine's), a writer when writes are allowed, and which mapped
     * paths count as device-DAX mappings (/dev/dax*; tests use their own memfd).
     */
    public LinuxSource(Path sysRoot, Path procRoot, String name, dev.daxscope.linux.SysfsWriter writer, Path devDir,
                       java.util.function.Predicate<String> daxMapping) {
        this(sysRoot, procRoot, name, writer, devDir, daxMapping, () -> { });
    }

    /** The same, with what closing the source releases (an unpacked snapshot's folder). */
    public LinuxSource(Path sysRoot, Path procRoot, String name, dev.daxscope.linux.SysfsWriter writer, Path devDir,
                       java.util.function.Predicate<String> daxMapping, Runnable onClose) {
        this.onClose = onClose;
        this.daxMapping = daxMapping;
        this.devDir = devDir;
        this.sysRoot = sysRoot;
        this.name = name;
        this.writer = writer;
        this.procRoot = procRoot;
    }

    private static Path besideSys(Path sysRoot) {
        Path parent = sysRoot.toAbsolutePath().normalize().getParent();
        return parent == null ? null : parent.resolve("proc");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean writable() {
        return writer != null;
    }

    /** Set for a snapshot: the files were recorded once and never change. */
    private volatile boolean recorded;

    /** Marks this source as a recorded snapshot (Snapshots.open) and returns it. */
    LinuxSource asSnapshot() {
        recorded = true;
        return this;
    }

    @Override
    public boolean changes() {
        return !recorded;
    }

    private volatile MachineSnapshot cached;
    /** The mappings' present pages at the last poll (where pagemap could be read), for the next diff. */
    private volatile dev.daxscope.linux.MappingEvents.PresentPages presentPages =
            dev.daxscope.linux.MappingEvents.PresentPages.NONE;
    private volatile long generation;
    private volatile long readAtNanos;
    /** Set by a write: what was read before it is out of date. */
    private volatile boolean stale;
    /**
     * Polling, not inotify: kernfs raises fsnotify events only through sysfs_notify(), which
     * drivers/dax and mm/memory_hotplug never call, and procfs raises none, so a watch on these
     * trees would stay silent while devices, drivers, blocks and mappings change.
     */
    private volatile long refreshNanos = 1_000_000_000L;
    private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public MachineSnapshot snapshot() {
        MachineSnapshot s = cached;
        if (s == null) {
            s = readNow();
        }
        return s;
    }

    /** Reads sysfs and procfs now; the generation moves when what is read differs from the last read. */
    private synchronized MachineSnapshot readNow() {
        MachineSnapshot fresh = withProcesses(new SysfsSnapshotReader(sysRoot).read(name));
        MachineSnapshot old = cached;
        if (old == null || !old.regions().equals(fresh.regions()) || !old.processes().equals(fresh.processes())
                || !old.memory().equals(fresh.memory()) || !old.cxlRegions().equals(fresh.cxlRegions())) {
            generation++;
        }
        dev.daxscope.linux.MappingEvents.PresentPages present = procRoot == null
                ? dev.daxscope.linux.MappingEvents.PresentPages.NONE : dev.daxscope.linux.MappingEvents.read(procRoot, fresh);
        if (old != null) {
            record(dev.daxscope.linux.MappingEvents.between(old, presentPages, fresh, present, nextSeq, System.nanoTime()));
        }
        presentPages = present;
        cached = fresh;
        readAtNanos = System.nanoTime();
        return fresh;
    }

    @Override
    public dev.daxscope.model.damon.DamonState damon() {
        return new dev.daxscope.linux.DamonReader(sysRoot).read();
    }

    @Override
    public dev.daxscope.model.MemoryTopology topology() {
        // Without a procfs, a path that does not exist: the reader then names what it could not read.
        Path proc = procRoot != null ? procRoot : sysRoot.resolve("no-procfs");
        return new dev.daxscope.linux.MemoryTopologyReader(sysRoot, proc).read();
    }

    /** This machine: /sys and /proc, read-only. */
    public static LinuxSource thisMachine() {
        return new LinuxSource(Path.of("/sys"), "this machine");
    }

    @Override
    public void refreshEvery(java.time.Duration interval) {
        refreshNanos = interval.toNanos();
    }

    /**
     * Cheap to call every frame: when the last read is older than the refresh interval (1 s unless told otherwise), a background thread
     * reads the machine again (never the caller, which may be the FX thread).
     */
    @Override
    public long generation() {
        if ((stale || System.nanoTime() - readAtNanos > refreshNanos) && refreshing.compareAndSet(false, true)) {
            stale = false;
            Thread.ofVirtual().name("daxscope-sysfs-poll").start(() -> {
                try {
                    readNow();
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return generation;
    }

    /** Who maps what: /proc/PID/maps entries of /dev/dax*, with RssFile; unreadable processes are skipped. */
    private MachineSnapshot withProcesses(MachineSnapshot s) {
        if (procRoot == null || !java.nio.file.Files.isDirectory(procRoot)) {
            return s;
        }
        List<MachineSnapshot.ProcessInfo> procs = new java.util.ArrayList<>();
        List<String> warnings = new java.util.ArrayList<>(s.warnings());
        List<String> hidden = new java.util.ArrayList<>();
        for (var pm : dev.daxscope.linux.ProcMaps.scan(procRoot, daxMapping)) {
            if (!pm.problem().isEmpty()) {
                hidden.add(pm.pid() + " " + pm.command());
                continue;
            }
            List<MachineSnapshot.VmaInfo> vmas = pm.mappings().stream().map(m -> new MachineSnapshot.VmaInfo(m.start(),
                    m.end(), m.offset() >>> PAGE_SHIFT, m.path().substring(m.path().lastIndexOf('/') + 1), m.perms().contains("w"),
                    false, 0, 0, 0, m.rssKiB() < 0 ? -1 : m.rssKiB() * 1024)).toList();
            procs.add(new MachineSnapshot.ProcessInfo(pm.pid(), pm.command(), true, Math.max(0, pm.rssFileKiB()) * 1024, vmas));
        }
        if (!hidden.isEmpty()) {
            // Root is refused too where ptrace is (a container's PID 1, a process in another user
            // namespace): name them, so it is not mistaken for "run as root".
            warnings.add(hidden.size() + (hidden.size() == 1 ? " process's" : " processes'") + " mappings "
                    + (runningAsRoot() ? "could not be read even as root (ptrace access refused): " : "need root to read: ")
                    + String.join(", ", hidden.subList(0, Math.min(3, hidden.size())))
                    + (hidden.size() > 3 ? " and " + (hidden.size() - 3) + " more" : ""));
        }
        List<dev.daxscope.model.IomemRange> iomem = readIomem(warnings);
        if (dev.daxscope.model.IomemRange.addressesHidden(iomem)) {
            warnings.add("/proc/iomem addresses read as zero: the kernel shows them to root only");
        }
        return new MachineSnapshot(s.source(), s.kernel(), s.generation(), s.regions(), s.memory(), procs, warnings,
                s.cxlRegions(), iomem);
    }

    /**
     * A real process's present pages in a mapping, as /proc/PID/pagemap showed them at the last
     * poll (readable for one's own processes; others' need root). No I/O here: the caller may be
     * the FX thread. Pagemap shows 4K pages, not page-table entries, so each is listed at level
     * "page"; empty when the mapping's pagemap was not read.
     */
    @Override
    public List<MachineSnapshot.EntryInfo> entries(int pid, long vmaStart, int max) {
        MachineSnapshot s = snapshot();
        Optional<MachineSnapshot.VmaInfo> vma = s.processes().stream().filter(p -> p.pid() == pid)
                .flatMap(p -> p.vmas().stream()).filter(v -> v.start() == vmaStart).findFirst();
        java.util.BitSet present = vma.map(v -> presentPages.of(pid, v)).orElse(null);
        if (present == null) {
            return List.of();
        }
        MachineSnapshot.VmaInfo v = vma.get();
        long align = s.device(v.device()).map(MachineSnapshot.DeviceInfo::align).filter(a -> a > 0).orElse(4096L);
        List<MachineSnapshot.EntryInfo> out = new java.util.ArrayList<>();
        for (int page = present.nextSetBit(0); page >= 0 && out.size() < max; page = present.nextSetBit(page + 1)) {
            long pgoff = v.pgoff() + page;
            out.add(new MachineSnapshot.EntryInfo(v.start() + ((long) page << PAGE_SHIFT), "page", pgoff, (pgoff << PAGE_SHIFT) / align,
                    v.writable(), false));
        }
        return out;
    }

    /** The device-DAX ranges of /proc/iomem; none (and a warning when it is there) when it cannot be read. */
    private List<dev.daxscope.model.IomemRange> readIomem(List<String> warnings) {
        Path iomem = procRoot.resolve("iomem");
        return switch (dev.daxscope.linux.BoundedFileReader.readInside(dev.daxscope.linux.SysfsPaths.realRoot(procRoot), iomem,
                dev.daxscope.linux.BoundedFileReader.DEFAULT_CAP)) {
            case dev.daxscope.linux.BoundedFileReader.Text t -> dev.daxscope.model.IomemRange.daxRanges(t.content());
            case dev.daxscope.linux.BoundedFileReader.Missing m -> List.of();
            case dev.daxscope.linux.BoundedFileReader.Refused r -> {
                warnings.add(iomem + ": " + r.why());
                yield List.of();
            }
        };
    }

    @Override
    public Optional<FolioInfo> folio(String device, long pgoff) {
        return Optional.empty();
    }

    @Override
    public PageMapSummary pageMap(String device, long fromFolio, long toFolio, int cells) {
        MachineSnapshot s = snapshot();
        return s.device(device).filter(MachineSnapshot.DeviceInfo::bound)
                .map(d -> PageMapSummary.derivedFromMappings(d, s.processes(), fromFolio, toFolio, cells))
                .orElseGet(() -> PageMapSummary.unavailable(device, device + " is not bound to a driver: it has no pages "
                        + "to show. Folio refcounts of device memory are not visible from user space either "
                        + "(/proc/kpagecount reads 0 for ZONE_DEVICE pages, R99); use the simulator to see them."));
    }

    /** The newest events derived from polls (MappingEvents), oldest first, at most EVENT_CAPACITY. */
    private final java.util.ArrayDeque<dev.daxscope.model.FaultEvent> recent = new java.util.ArrayDeque<>();
    private static final int EVENT_CAPACITY = 10_000;
    private long nextSeq;

    private void record(List<dev.daxscope.model.FaultEvent> events) {
        synchronized (recent) {
            for (var e : events) {
                recent.addLast(e);
                if (recent.size() > EVENT_CAPACITY) {
                    recent.removeFirst();
                }
            }
            nextSeq += events.size();
        }
    }

    /** Reads the machine now, on the caller's thread; generation and events follow. */
    @Override
    public MachineSnapshot refresh() {
        return readNow();
    }

    @Override
    public EventBatch events(long from, int max) {
        synchronized (recent) {
            long oldest = recent.isEmpty() ? nextSeq : recent.peekFirst().seq();
            List<dev.daxscope.model.FaultEvent> out = recent.stream().filter(e -> e.seq() >= from).limit(max).toList();
            long next = out.isEmpty() ? Math.max(from, nextSeq) : out.getLast().seq() + 1;
            return new EventBatch(out, Math.max(0, oldest - from), next);
        }
    }

    @Override
    public ReadOutcome read(String path) {
        if (!path.startsWith("/sys/")) {
            return new ReadOutcome("", Outcome.fail(Errno.ENOENT, "", path + " is not under /sys"));
        }
        // Links are followed as the capture layout stores them (a real /sys resolves the same way).
        Optional<Path> resolved = dev.daxscope.linux.SysfsPaths.resolve(sysRoot.toAbsolutePath().normalize(), path);
        if (resolved.isEmpty()) {
            return new ReadOutcome("", Outcome.fail(Errno.ENOENT, "R24", "no such file " + path));
        }
        dev.daxscope.linux.SysfsWriter.Read r = dev.daxscope.linux.SysfsWriter.read(resolved.get(), path);
        return new ReadOutcome(r.text(), r.outcome());
    }

    @Override
    public Outcome write(String path, String value) {
        if (writer == null) {
            return readOnly();
        }
        Outcome o = writer.write(path, value);
        // Read the machine again at the next generation() call, on the poll thread: the caller may be the FX thread.
        stale = true;
        return o;
    }

    /** Whether daxscope runs as root (uid 0), which decides what a "cannot read" means. */
    public static boolean runningAsRoot() {
        return dev.daxscope.linux.Privileges.runningAsRoot();
    }

    private Outcome readOnly() {
        return Outcome.fail(Errno.EPERM, "", name + " is opened read-only; start daxscope with --allow-write to change it");
    }

    /** daxctl's writes, through the audited writer; refused with EPERM when the machine was opened read-only. */
    @Override
    public Outcome daxctl(List<String> args) {
        if (writer == null) {
            return readOnly();
        }
        Outcome o = new dev.daxscope.daxctl.DaxctlCommands(new dev.daxscope.daxctl.RealSysfsAccess(sysRoot, writer),
                this::snapshot).run(args).outcome();
        stale = true;
        return o;
    }

    /** Probe mode exists where writes were allowed: touching device memory changes the machine too. */
    @Override
    public Optional<Prober> prober() {
        if (writer == null) {
            return Optional.empty();
        }
        return Optional.of(new Prober() {
            @Override
            public String devicePath(String device) {
                return devDir.resolve(device).toString();
            }

            @Override
            public dev.daxscope.model.ProbeReport probe(String device, long length, long step, int pages, boolean write) {
                dev.daxscope.model.ProbeReport[] report = {null};
                Outcome audited = writer.audited(devicePath(device), "probe length=" + length + " step=" + step
                        + " pages=" + pages + (write ? " store" : " load"), () -> {
                            report[0] = dev.daxscope.linux.DeviceProbe.run(devicePath(device), length, step, pages, write);
                            return report[0].pages().stream().map(dev.daxscope.model.ProbeReport.Page::access)
                                    .filter(a -> !a.isOk()).findFirst().orElse(report[0].mapping());
                        });
                // Without an audit record the probe did not run: its report is the refusal.
                dev.daxscope.model.ProbeReport r = report[0] != null ? report[0]
                        : new dev.daxscope.model.ProbeReport(audited, 0, List.of(),
                        dev.daxscope.model.ProbeReport.Accounting.UNKNOWN);
                readNow();
                return r;
            }
        });
    }

    @Override
    public Stats stats() {
        return new Stats(0, 0, 0, 0, 0);
    }

    @Override
    public void close() {
        onClose.run();
    }
}
