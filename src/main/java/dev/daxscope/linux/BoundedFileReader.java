package dev.daxscope.linux;

import dev.daxscope.model.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
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

    public static Result read(Path file, int cap) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return a.isDirectory() ? new Refused("is a directory", Errno.EISDIR)
                        : new Refused("is not a regular file (a FIFO, device or socket); not read", Errno.EINVAL);
            }
            if (a.size() > cap) {
                return tooLarge(a.size() + " bytes", cap);
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes(cap + 1);
                return bytes.length > cap ? tooLarge("more than " + cap + " bytes", cap)
                        : new Text(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (NoSuchFileException e) {
            return Files.isSymbolicLink(file) ? new Refused("link does not resolve", Errno.ENOENT) : new Missing();
        } catch (AccessDeniedException e) {
            return new Refused("cannot be read (permission denied; needs root?)", Errno.EACCES);
        } catch (FileSystemException e) {
            Errno errno = SysfsWriter.fromMessage(e.getReason());
            return new Refused(errno == Errno.ELOOP ? "links loop" : "cannot be read (" + e.getReason() + ")", errno);
        } catch (IOException | RuntimeException e) {
            return new Refused("cannot be read (" + e.getMessage() + ")", SysfsWriter.fromMessage(e.getMessage()));
        }
    }

    private static Refused tooLarge(String size, int cap) {
        return new Refused("is " + size + ", more than the " + (cap >> 10) + " KiB a file of this kind may have; not read",
                Errno.EIO);
    }
}
