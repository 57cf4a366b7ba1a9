package dev.daxscope.daxctl;

import dev.daxscope.linux.SysfsWriter;
import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** daxctl over a real sysfs (the machine's /sys, with the kernel's errno). */
public final class RealSysfsAccess implements SysfsAccess {
    private final Path sysRoot;

    public RealSysfsAccess(Path sysRoot) {
        this.sysRoot = sysRoot;
    }

    private Path at(String path) {
        return sysRoot.resolve(path.startsWith("/sys/") ? path.substring(5) : path);
    }

    @Override
    public Text read(String path) {
        try {
            String t = Files.readString(at(path), StandardCharsets.UTF_8);
            return new Text(t.endsWith("\n") ? t.substring(0, t.length() - 1) : t, Outcome.ok());
        } catch (AccessDeniedException e) {
            return new Text("", Outcome.fail(Errno.EACCES, "R24", path + ": permission denied"));
        } catch (NoSuchFileException e) {
            return new Text("", Outcome.fail(Errno.ENOENT, "R24", "no such file " + path));
        } catch (IOException e) {
            Errno errno = SysfsWriter.fromMessage(e.getMessage());
            return new Text("", Outcome.fail(errno, "", path + ": " + errno.message()));
        }
    }

    @Override
    public Outcome write(String path, String value) {
        try {
            Files.write(at(path), value.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE);
            return Outcome.ok();
        } catch (AccessDeniedException e) {
            return Outcome.fail(Errno.EACCES, "R24", path + ": permission denied");
        } catch (NoSuchFileException e) {
            return Outcome.fail(Errno.ENOENT, "R24", "no such file " + path);
        } catch (IOException e) {
            Errno errno = SysfsWriter.fromMessage(e.getMessage());
            return Outcome.fail(errno, "", path + ": the kernel refused the write (" + errno.message() + ")");
        }
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
