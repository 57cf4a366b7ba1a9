package dev.daxscope.linux;

import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Writes to a real sysfs (only when the user allowed writes): confined to the device-DAX trees
 * ({@link SysfsConfinement}), one open(O_WRONLY|O_TRUNC) and one write(2), as {@code echo X >
 * file} does, the kernel's errno recovered from the exception text. Every attempt is appended to
 * the audit log (time, user, the real path, value, result) and the audit log is opened before
 * anything is written: when it cannot be written, nothing is (fail closed). Reads share the errno
 * recovery (every reader of a real sysfs goes through {@link #read}).
 */
public final class SysfsWriter {
    private final SysfsConfinement confinement;
    private final Path auditLog;

    public SysfsWriter(Path sysRoot, Path auditLog) {
        this.confinement = new SysfsConfinement(sysRoot);
        this.auditLog = auditLog;
    }

    /** The user's daxscope state directory ($XDG_STATE_HOME/daxscope, default ~/.local/state/daxscope). */
    public static Path stateDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("daxscope");
    }

    /** The audit log every real-machine write is recorded in, unless the user names another. */
    public static Path defaultAuditLog() {
        return stateDir().resolve("audit.log");
    }

    /** A writer to {@code sysRoot} that audits into the user's audit.log, where every real-machine write is recorded. */
    public static SysfsWriter audited(Path sysRoot) {
        return new SysfsWriter(sysRoot, defaultAuditLog());
    }

    /** The confinement this writer applies; readers of the same machine use it too. */
    public SysfsConfinement confinement() {
        return confinement;
    }

    /** {@code echo -n VALUE > PATH} ({@code value} carries echo's newline when the caller wants one). */
    public Outcome write(String path, String value) {
        SysfsConfinement.Resolution where = confinement.resolve(path);
        String shown = where.file() != null ? where.file().toString() : path;
        return audited(shown, value, () -> where.allowed() ? doWrite(where.file(), path, value) : where.refusal());
    }

    private static Outcome doWrite(Path file, String path, String value) {
        try {
            // NOFOLLOW: the file is the resolved one; a link swapped in since is not followed.
            Files.write(file, value.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
            return Outcome.ok();
        } catch (IOException e) {
            return refusal(path, e, "the kernel refused the write");
        }
    }

    /**
     * Runs {@code action} (something that changes the machine: a write, a probe's stores) only if
     * the audit log can be written, and records what it did there: {@code what} (the real path),
     * {@code value} and the result. When the log cannot be opened, the action does not run.
     */
    public Outcome audited(String what, String value, java.util.function.Supplier<Outcome> action) {
        FileChannel log;
        try {
            Files.createDirectories(auditLog.getParent());
            log = FileChannel.open(auditLog, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return Outcome.fail(Errno.EPERM, "", "the audit log " + auditLog + " cannot be written (" + e
                    + "); nothing is changed without a record, so " + what + " was not touched");
        }
        try (log) {
            Outcome o = action.get();
            String line = Instant.now() + "\t" + user() + "\t" + what + "\t" + value.replace("\n", "\\n") + "\t"
                    + (o.isOk() ? "ok" : o.toString()) + "\n";
            log.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            return o;
        } catch (IOException e) {
            return Outcome.fail(Errno.EIO, "", "the audit log " + auditLog + " failed while recording " + what + ": " + e);
        }
    }

    /** The login name and the real uid (the name alone comes from the environment). */
    private static String user() {
        String uid;
        try {
            uid = String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            uid = "?";
        }
        return System.getProperty("user.name") + "(uid " + uid + ")";
    }

    /** A sysfs read, as {@code cat}: the text without its trailing newline, or the kernel's errno. */
    public record Read(String text, Outcome outcome) {
    }

    /** Reads {@code file}, which {@code path} (/sys/…) names in messages: a regular file of bounded size only. */
    public static Read read(Path file, String path) {
        return switch (BoundedFileReader.read(file)) {
            case BoundedFileReader.Text t -> new Read(t.content().endsWith("\n")
                    ? t.content().substring(0, t.content().length() - 1) : t.content(), Outcome.ok());
            case BoundedFileReader.Missing m -> new Read("", Outcome.fail(Errno.ENOENT, "R24", "no such attribute " + path));
            case BoundedFileReader.Refused r -> new Read("", r.errno() == Errno.EACCES
                    ? Outcome.fail(Errno.EACCES, "R24", path + ": permission denied (read-only attribute, or needs root)")
                    : Outcome.fail(r.errno(), "", path + ": " + r.why()));
        };
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
}
