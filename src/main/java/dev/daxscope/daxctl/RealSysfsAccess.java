package dev.daxscope.daxctl;

import dev.daxscope.linux.SysfsConfinement;
import dev.daxscope.linux.SysfsWriter;
import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** daxctl over a real sysfs (the machine's /sys, with the kernel's errno). */
public final class RealSysfsAccess implements SysfsAccess {
    private final Path sysRoot;
    private final SysfsWriter writer;
    private final SysfsConfinement confinement;

    /**
     * Reads {@code sysRoot}, confined to the device-DAX trees; writes go through {@code writer}
     * (audited, confined the same way), or are refused when it is null.
     */
    public RealSysfsAccess(Path sysRoot, SysfsWriter writer) {
        this.sysRoot = sysRoot;
        this.writer = writer;
        this.confinement = writer != null ? writer.confinement() : new SysfsConfinement(sysRoot);
    }

    private Path at(String path) {
        return sysRoot.resolve(path.startsWith("/sys/") ? path.substring(5) : path);
    }

    @Override
    public Text read(String path) {
        SysfsConfinement.Resolution where = confinement.resolve(path.startsWith("/sys/") ? path : "/sys/" + path);
        if (!where.allowed()) {
            return new Text("", where.refusal());
        }
        SysfsWriter.Read r = SysfsWriter.read(where.file(), path);
        return new Text(r.text(), r.outcome());
    }

    /** Through the audited writer; refused with EPERM when the user did not allow writes. */
    @Override
    public Outcome write(String path, String value) {
        if (writer == null) {
            return Outcome.fail(Errno.EPERM, "", "writes to this machine need --allow-write");
        }
        return writer.write(path.startsWith("/sys/") ? path : "/sys/" + path, value);
    }

    @Override
    public List<String> list(String path) {
        try (Stream<Path> s = Files.list(at(path))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
