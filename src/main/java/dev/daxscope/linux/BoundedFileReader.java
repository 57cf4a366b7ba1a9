package dev.daxscope.linux;

import dev.daxscope.model.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads one small text file of a machine's trees (a sysfs attribute, a procfs file, a file of a
 * capture someone else made) so that it can neither hang nor load without limit: only a regular
 * file is opened (a FIFO would block, a link to /dev/zero never ends) and at most {@code cap}
 * bytes are taken (a 3 GiB sparse iomem is refused, not loaded). Never throws: every outcome is
 * a {@link Result} with a reason in words, for the warnings the reader prints as
 * {@code PATH: why}. Procfs files report size 0, so the cap is enforced on what is read too.
 */
public final class BoundedFileReader {
    /** Sysfs attributes are one page; procfs files of a large machine stay well under this. */
    public static final int DEFAULT_CAP = 1 << 20;

    private BoundedFileReader() {
    }

    /** What reading gave. */
    public sealed interface Result {
        /** The text, or empty when the file is absent or could not be read. */
        default java.util.Optional<String> text() {
            return this instanceof Text t ? java.util.Optional.of(t.content()) : java.util.Optional.empty();
        }
    }

    /** The file's whole content. */
    public record Text(String content) implements Result {
    }

    /** No such file (nor a link to one). */
    public record Missing() implements Result {
    }

    /** The file is there but was not read: {@code why} in words, and the errno a syscall would have given. */
    public record Refused(String why, Errno errno) implements Result {
    }

    public static Result read(Path file) {
        return read(file, DEFAULT_CAP);
    }

    /**
     * Reads {@code file} of the tree at {@code root} (a real path, {@link SysfsPaths#realRoot}) only
     * if it is inside it once every link is resolved: a link in a capture someone else made may
     * lead to /etc/shadow, whose content would otherwise end up in a warning or on the network.
     * The resolved file is opened without following a link, so one swapped in meanwhile is not read.
     */
    public static Result readInside(Path root, Path file, int cap) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException | RuntimeException e) {
            // Absent, dangling, looping or unreadable: read() names which.
            return read(file, cap);
        }
        if (!real.startsWith(root)) {
            return new Refused("leads out of the tree through a link; not read", Errno.EPERM);
        }
        return read(real, cap, LinkOption.NOFOLLOW_LINKS);
    }

    public static Result read(Path file, int cap) {
        return read(file, cap, new LinkOption[0]);
    }

    /**
     * The bytes of {@code file}, taken as {@link #read} takes them, for a reader that decodes them
     * itself (a script, whose bad UTF-8 is located); otherwise an IOException saying why in words.
     */
    public static byte[] bytes(Path file, int cap) throws IOException {
        try {
            return take(file, cap);
        } catch (NotTaken e) {
            throw new IOException(e.result instanceof Refused r ? r.why() : "no such file", e);
        }
    }

    private static Result read(Path file, int cap, LinkOption... links) {
        try {
            return new Text(new String(take(file, cap, links), StandardCharsets.UTF_8));
        } catch (NotTaken e) {
            return e.result;
        }
    }

    /** Why a file was not taken: a {@link Missing} or {@link Refused} result. */
    private static final class NotTaken extends Exception {
        private final transient Result result;

        NotTaken(Result result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    private static byte[] take(Path file, int cap, LinkOption... links) throws NotTaken {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, links);
            if (!a.isRegularFile()) {
                throw new NotTaken(a.isDirectory() ? new Refused("is a directory", Errno.EISDIR)
                        : new Refused("is not a regular file (a FIFO, device or socket); not read", Errno.EINVAL));
            }
            if (a.size() > cap) {
                throw new NotTaken(tooLarge(a.size() + " bytes", cap));
            }
            try (InputStream in = Files.newInputStream(file, links)) {
                byte[] bytes = in.readNBytes(cap + 1);
                if (bytes.length > cap) {
                    throw new NotTaken(tooLarge("more than " + cap + " bytes", cap));
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new NotTaken(Files.isSymbolicLink(file) ? new Refused("link does not resolve", Errno.ENOENT) : new Missing());
        } catch (AccessDeniedException e) {
            throw new NotTaken(new Refused("cannot be read (permission denied; needs root?)", Errno.EACCES));
        } catch (FileSystemException e) {
            Errno errno = SysfsWriter.fromMessage(e.getReason());
            throw new NotTaken(new Refused(errno == Errno.ELOOP ? "links loop" : "cannot be read (" + e.getReason() + ")",
                    errno));
        } catch (IOException | RuntimeException e) {
            throw new NotTaken(new Refused("cannot be read (" + e.getMessage() + ")", SysfsWriter.fromMessage(e.getMessage())));
        }
    }

    private static Refused tooLarge(String size, int cap) {
        String limit = cap >= 1 << 20 ? (cap >> 20) + " MiB" : (cap >> 10) + " KiB";
        return new Refused("is " + size + ", more than the " + limit + " a file of this kind may have; not read",
                Errno.EIO);
    }
}
