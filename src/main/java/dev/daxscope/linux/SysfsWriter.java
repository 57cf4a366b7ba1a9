package dev.daxscope.linux;

import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Writes to a real sysfs (only when the user allowed writes): one open(O_WRONLY) and one
 * write(2), as {@code echo} does, the kernel's errno recovered from the exception text, and
 * every attempt appended to the audit log (time, user, path, value, result).
 */
public final class SysfsWriter {
    private final Path sysRoot;
    private final Path auditLog;

    public SysfsWriter(Path sysRoot, Path auditLog) {
        this.sysRoot = sysRoot;
        this.auditLog = auditLog;
    }

    public Outcome write(String path, String value) {
        Outcome o = doWrite(path, value);
        audit(path, value, o);
        return o;
    }

    private Outcome doWrite(String path, String value) {
        if (!path.startsWith("/sys/")) {
            return Outcome.fail(Errno.ENOENT, "", path + " is not under /sys");
        }
        Path file = sysRoot.resolve(path.substring("/sys/".length()));
        try {
            Files.write(file, value.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE);
            return Outcome.ok();
        } catch (AccessDeniedException e) {
            return Outcome.fail(Errno.EACCES, "R24", path + ": permission denied (read-only attribute, or needs root)");
        } catch (NoSuchFileException e) {
            return Outcome.fail(Errno.ENOENT, "R24", "no such attribute " + path);
        } catch (IOException e) {
            Errno errno = fromMessage(e.getMessage());
            return Outcome.fail(errno, "", path + ": the kernel refused the write (" + errno.message() + ")");
        }
    }

    /** The JDK reports write(2) failures with strerror text; map it back to the errno. */
    public static Errno fromMessage(String message) {
        if (message != null) {
            for (Errno e : Errno.values()) {
                if (message.contains(e.message())) {
                    return e;
                }
            }
        }
        return Errno.EIO;
    }

    /** Records an action on the machine that is not a sysfs write (a probe's mmap and touches) in the audit log. */
    public void audit(String path, String value, Outcome o) {
        String line = Instant.now() + "\t" + System.getProperty("user.name") + "\t" + path + "\t"
                + value.replace("\n", "\\n") + "\t" + (o.isOk() ? "ok" : o.toString()) + "\n";
        try {
            Files.createDirectories(auditLog.getParent());
            Files.writeString(auditLog, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            java.util.logging.Logger.getLogger(SysfsWriter.class.getName()).warning("audit log " + auditLog
                    + " not writable: " + e.getMessage());
        }
    }
}
