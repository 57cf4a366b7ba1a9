package dev.daxscope.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Path resolution inside a sysfs tree on disk that follows symlinks and "link stubs" (a capture
 * copied without symlink support keeps each link as a small file holding its relative target),
 * and never leaves the tree: not through the link followed, nor through a link in a directory
 * on the way (the end is checked as the kernel resolves it, every link followed). {@code root}
 * is the tree's real path ({@link #realRoot}).
 */
public final class SysfsPaths {
    private static final int MAX_LINKS = 40;

    private SysfsPaths() {
    }

    /** Follows {@code p} if it is a link or a link stub; empty when it dangles, loops or leaves {@code root}. */
    public static Optional<Path> follow(Path root, Path p) {
        Path cur = p;
        for (int i = 0; i < MAX_LINKS; i++) {
            Optional<Path> target = target(cur);
            if (target == null) {
                return Files.exists(cur) && staysInside(root, cur) ? Optional.of(cur.normalize()) : Optional.empty();
            }
            if (target.isEmpty()) {
                return Optional.empty();
            }
            cur = cur.getParent().resolve(target.get()).normalize();
            if (!cur.startsWith(root)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** {@code root} with every link resolved, as {@link #staysInside} compares against; as given when it is absent. */
    public static Path realRoot(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root.toAbsolutePath().normalize();
        }
    }

    /** Whether {@code p}, with every link resolved, is inside {@code root} (a real path); false when it is absent. */
    public static boolean staysInside(Path root, Path p) {
        try {
            return p.toRealPath().startsWith(root);
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether following {@code p} ends in a loop (for a precise warning). */
    public static boolean loops(Path root, Path p) {
        Path cur = p;
        for (int i = 0; i < MAX_LINKS; i++) {
            Optional<Path> target = target(cur);
            if (target == null || target.isEmpty()) {
                return false;
            }
            cur = cur.getParent().resolve(target.get()).normalize();
            if (!cur.startsWith(root)) {
                return false;
            }
        }
        return true;
    }

    /** The link target of {@code p}; null when it is not a link; empty when it cannot be read. */
    private static Optional<Path> target(Path p) {
        try {
            if (Files.isSymbolicLink(p)) {
                return Optional.of(Files.readSymbolicLink(p));
            }
            if (Files.isRegularFile(p) && Files.size(p) < 4096) {
                String t = Files.readString(p, StandardCharsets.UTF_8);
                if (t.startsWith("../") && !t.contains("\n")) {
                    return Optional.of(Path.of(t));
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Resolves an absolute sysfs path ({@code /sys/...}) component by component, following links. */
    public static Optional<Path> resolve(Path root, String sysPath) {
        if (!sysPath.startsWith("/sys/")) {
            return Optional.empty();
        }
        Path cur = root;
        for (String part : sysPath.substring(5).split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            Optional<Path> dir = follow(root, cur);
            if (dir.isEmpty()) {
                return Optional.empty();
            }
            cur = part.equals("..") ? dir.get().getParent() : dir.get().resolve(part);
            if (cur == null || !cur.startsWith(root)) {
                return Optional.empty();
            }
        }
        return follow(root, cur);
    }
}
