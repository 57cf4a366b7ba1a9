package dev.daxscope.source;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * How daxscope writes what a command produces (a capture, an exported sysfs tree): into a fresh
 * temporary file or directory beside the target, which no one else could have planted links
 * in, then renamed into place, so a reader never sees half of it and nothing is merged into
 * what was there. An existing target (file, directory or symlink, which is not followed) is
 * refused unless the user said {@code --force}, and even then only a file, a link or a
 * directory daxscope wrote (it has {@code MODES}) is replaced.
 */
public final class AtomicOutput {
    private AtomicOutput() {
    }

    /** Something that writes into the path it is given. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path path) throws IOException;
    }

    /** The target exists and --force was not given (the command says so and exits 2). */
    public static final class TargetExists extends IOException {
        public TargetExists(String message) {
            super(message);
        }
    }

    /** Writing failed (a read-only or full file system, no permission): the message names the target and why. */
    public static final class WriteFailed extends IOException {
        WriteFailed(Path target, IOException cause) {
            super("cannot write " + target + ": " + reason(cause) + "; nothing was written", cause);
        }
    }

    /** Fills a new directory and renames it to {@code dir}; an existing empty directory counts as absent. */
    public static void directory(Path dir, boolean force, Writer fill) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        boolean replace = checkTarget(target, force, true);
        Path parent = parentOf(target);
        try {
            Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
            try {
                fill.writeTo(tmp);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                install(tmp, target, replace);
            } finally {
                deleteTree(tmp);
            }
        } catch (TargetExists | WriteFailed e) {
            throw e;
        } catch (IOException e) {
            throw new WriteFailed(target, e);
        }
    }

    /** Writes a new file and links or renames it to {@code file}. */
    public static void file(Path file, boolean force, Writer fill) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        boolean replace = checkTarget(target, force, false);
        Path parent = parentOf(target);
        try {
            Path tmp = Files.createTempFile(parent, "." + target.getFileName() + ".tmp-", "");
            try {
                fill.writeTo(tmp);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                if (replace) {
                    install(tmp, target, true);
                } else {
                    // link(2) never replaces: a file that appeared meanwhile is not overwritten.
                    Files.createLink(target, tmp);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new TargetExists(target + " appeared while it was written; nothing was replaced");
        } catch (TargetExists | WriteFailed e) {
            throw e;
        } catch (IOException e) {
            throw new WriteFailed(target, e);
        }
    }

    /** Writes {@code text} (UTF-8) to {@code file} as {@link #file} does; returns the file. */
    public static Path text(Path file, boolean force, String text) throws IOException {
        file(file, force, tmp -> Files.writeString(tmp, text));
        return file;
    }

    /** The system's words for a failure ("No space left on device"), without the temporary file's name. */
    private static String reason(IOException e) {
        // The innermost cause is the system's: ImageIO says "I/O error writing PNG file!" over "No space left on device".
        Throwable root = e;
        while (root.getCause() instanceof IOException cause) {
            root = cause;
        }
        if (root instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    private static Path parentOf(Path target) throws IOException {
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IOException((parent == null ? target : parent) + " is not a directory to write into");
        }
        return parent;
    }

    /**
     * Refuses now what {@link #file} would refuse (an existing target without --force, a device),
     * so a command that works long before it writes says so first; {@link #file} checks again.
     */
    public static void checkFileTarget(Path file, boolean force) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        checkTarget(target, force, false);
        parentOf(target);
    }

    /** Whether an existing target is to be replaced; refuses when it may not be. */
    private static boolean checkTarget(Path target, boolean force, boolean directory) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        boolean link = Files.isSymbolicLink(target);
        boolean isDir = !link && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
        if (directory && isDir && isEmpty(target)) {
            return true;
        }
        if (!link && !isDir && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetExists(target + " is a device, FIFO or socket; nothing was written, and it is not replaced, "
                    + "even with --force");
        }
        String what = link ? "a symlink (it is not followed)" : isDir ? "a directory" : "a file";
        if (!force) {
            throw new TargetExists(target + " already exists (" + what + "); nothing was written. Give --force to replace it");
        }
        if (isDir && !Files.isRegularFile(target.resolve("MODES"), LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetExists(target + " is a directory daxscope did not write (it has no MODES); not replaced, "
                    + "even with --force");
        }
        return true;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** Renames {@code tmp} to {@code target}; what was there is moved aside first and deleted after. */
    private static void install(Path tmp, Path target, boolean replace) throws IOException {
        if (!replace) {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
        Path aside = old.resolve("previous");
        Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        } finally {
            deleteTree(old);
        }
    }

    /** Deletes a tree without following any link in it (links are removed, not their targets). */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
