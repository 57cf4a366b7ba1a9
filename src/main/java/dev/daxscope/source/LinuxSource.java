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

    public LinuxSource(Path sysRoot, String name) {
        this.sysRoot = sysRoot;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean writable() {
        return false;
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
        return PageMapSummary.empty(device);
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
        Path p = sysRoot.resolve(path.substring("/sys/".length()));
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
        return Outcome.fail(Errno.EPERM, "", name + " is opened read-only");
    }

    @Override
    public Stats stats() {
        return new Stats(0, 0, 0, 0, 0);
    }
}
