package dev.daxscope.source;

import dev.daxscope.linux.SysfsSnapshotReader;
import dev.daxscope.model.Errno;
import dev.daxscope.model.FolioInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.Outcome;
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

    /** A read-only source. */
    public LinuxSource(Path sysRoot, String name) {
        this(sysRoot, name, null);
    }

    /** A source that writes through {@code writer} (only when the user passed --allow-write). */
    public LinuxSource(Path sysRoot, String name, dev.daxscope.linux.SysfsWriter writer) {
        this.sysRoot = sysRoot;
        this.name = name;
        this.writer = writer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean writable() {
        return writer != null;
    }

    @Override
    public MachineSnapshot snapshot() {
        return new SysfsSnapshotReader(sysRoot).read(name);
    }

    @Override
    public long generation() {
        return 0;
    }

    @Override
    public Optional<FolioInfo> folio(String device, long pgoff) {
        return Optional.empty();
    }

    @Override
    public PageMapSummary pageMap(String device, int cells) {
        return PageMapSummary.unavailable(device, "Folio refcounts of device memory are not visible from user space "
                + "(/proc/kpagecount reads 0 for ZONE_DEVICE pages, R99); use the simulator to see them.");
    }

    @Override
    public EventBatch events(long from, int max) {
        return new EventBatch(List.of(), 0, from);
    }

    @Override
    public ReadOutcome read(String path) {
        if (!path.startsWith("/sys/")) {
            return new ReadOutcome("", Outcome.fail(Errno.ENOENT, "", path + " is not under /sys"));
        }
        Optional<Path> resolved = dev.daxscope.linux.SysfsPaths.resolve(sysRoot.toAbsolutePath().normalize(), path);
        if (resolved.isEmpty()) {
            return new ReadOutcome("", Outcome.fail(Errno.ENOENT, "R24", "no such file " + path));
        }
        Path p = resolved.get();
        try {
            String t = Files.readString(p, StandardCharsets.UTF_8);
            return new ReadOutcome(t.endsWith("\n") ? t.substring(0, t.length() - 1) : t, Outcome.ok());
        } catch (java.nio.file.AccessDeniedException e) {
            return new ReadOutcome("", Outcome.fail(Errno.EACCES, "R24", path + " needs root"));
        } catch (IOException e) {
            return new ReadOutcome("", Outcome.fail(Errno.ENOENT, "", path + ": " + e.getClass().getSimpleName()));
        }
    }

    @Override
    public Outcome write(String path, String value) {
        if (writer == null) {
            return Outcome.fail(Errno.EPERM, "", name + " is opened read-only; start daxscope with --allow-write to change it");
        }
        return writer.write(path, value);
    }

    @Override
    public Stats stats() {
        return new Stats(0, 0, 0, 0, 0);
    }
}
