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
 * every attempt appended to the audit log (time, user, path, value, result). Reads share the
 * errno recovery (every reader of a real sysfs goes through {@link #read}).
 */
public final class SysfsWriter {
    private final Path sysRoot;
    private final Path auditLog;

    public SysfsWriter(Path sysRoot, Path auditLog) {
        this.sysRoot = sysRoot;
        this.auditLog = auditLog;
    }

    /** The user's daxscope state directory ($XDG_STATE_HOME/daxscope, default ~/.local/state/daxscope). */
    public static Path stateDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("daxscope");
    }

    /** A writer to {@code sysRoot} that audits into the user's audit.log, where every real-machine write is recorded. */
    public static SysfsWriter audited(Path sysRoot) {
        return new SysfsWriter(sysRoot, stateDir().resolve("audit.log"));
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
        } catch (IOException e) {
            return refusal(path, e, "the kernel refused the write");
        }
    }

    /** A sysfs read, as {@code cat}: the text without its trailing newline, or the kernel's errno. */
    public record Read(String text, Outcome outcome) {
    }

    /** Reads {@code file}, which {@code path} (/sys/…) names in messages. */
    public static Read read(Path file, String path) {
        try {
            String t = Files.readString(file, StandardCharsets.UTF_8);
            return new Read(t.endsWith("\n") ? t.substring(0, t.length() - 1) : t, Outcome.ok());
        } catch (IOException e) {
            return new Read("", refusal(path, e, "the kernel refused the read"));
        }
    }

    /** The errno an I/O exception on a sysfs file stands for, with the rule and a sentence. */
    private static Outcome refusal(String path, IOException e, String refused) {
        if (e instanceof AccessDeniedException) {
            return Outcome.fail(Errno.EACCES, "R24", path + ": permission denied (read-only attribute, or needs root)");
        }
        if (e instanceof NoSuchFileException) {
            return Outcome.fail(Errno.ENOENT, "R24", "no such attribute " + path);
        }
        Errno errno = fromMessage(e.getMessage());
        return Outcome.fail(errno, "", path + ": " + refused + " (" + errno.message() + ")");
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
