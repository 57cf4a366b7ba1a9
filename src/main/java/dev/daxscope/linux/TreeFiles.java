package dev.daxscope.linux;

import dev.daxscope.model.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Bounded, never-throwing reads of a sysfs or procfs tree on disk (the real one or a capture):
 * each problem becomes a warning naming the file as the machine shows it ({@code /sys/...},
 * {@code /proc/...}), and the caller gets an empty result.
 */
final class TreeFiles {
    /** No attribute or numa_maps file daxscope reads is legitimately bigger than this. */
    static final int MAX_BYTES = 4 << 20;
    /** How much of a value that is not what it should be a warning quotes (escaped). */
    static final int EXCERPT = 24;
    private static final Pattern RANGE = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");

    private final Path root;
    private final String shownAs;
    private final List<String> warnings;

    /** {@code shownAs} is how paths under {@code root} are named in warnings, e.g. "/sys". */
    TreeFiles(Path root, String shownAs, List<String> warnings) {
        this.root = SysfsPaths.realRoot(root);
        this.shownAs = shownAs;
        this.warnings = warnings;
    }

    Path root() {
        return root;
    }

    Path resolve(String relative) {
        return root.resolve(relative);
    }

    String shown(Path p) {
        Path rel = root.relativize(p.toAbsolutePath().normalize());
        return rel.toString().isEmpty() ? shownAs : shownAs + "/" + rel;
    }

    /** A warning as the reader keeps it: names from the tree may hold control or bidi characters. */
    void warn(String warning) {
        warnings.add(Printable.escape(warning));
    }

    /** The file's text without its final newline; empty (and a warning unless it is simply absent) otherwise. */
    Optional<String> text(Path p) {
        return switch (BoundedFileReader.readInside(root, p, MAX_BYTES)) {
            case BoundedFileReader.Text t -> Optional.of(t.content().endsWith("\n")
                    ? t.content().substring(0, t.content().length() - 1) : t.content());
            case BoundedFileReader.Missing m -> Optional.empty();
            case BoundedFileReader.Refused r -> {
                warn(shown(p) + ": " + (r.errno() == dev.daxscope.model.Errno.EACCES ? "needs root" : r.why()));
                yield Optional.empty();
            }
        };
    }

    /** A decimal or 0x-prefixed number; garbage becomes a warning. */
    Optional<Long> number(Path p) {
        Optional<String> t = text(p).map(String::strip);
        if (t.isEmpty() || t.get().isEmpty()) {
            return Optional.empty();
        }
        String s = t.get();
        try {
            return Optional.of(s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s));
        } catch (NumberFormatException e) {
            warn(shown(p) + ": '" + Printable.excerpt(s, EXCERPT) + "' is not a number");
            return Optional.empty();
        }
    }

    /** Sorted names in a directory (following a link to it); empty when it is absent or unreadable. */
    List<String> list(Path dir) {
        Optional<Path> real = follow(dir);
        if (real.isEmpty() || !Files.isDirectory(real.get())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(real.get())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException | RuntimeException e) {
            warn(shown(dir) + ": cannot list (" + e.getClass().getSimpleName() + ")");
            return List.of();
        }
    }

    /** Follows links and link stubs inside the tree; empty when dangling, looping or leaving it. */
    Optional<Path> follow(Path p) {
        Optional<Path> r = SysfsPaths.follow(root, p);
        if (r.isEmpty() && SysfsPaths.loops(root, p)) {
            warn(shown(p) + ": too many levels of links");
        }
        return r;
    }

    /** The name a link points at (its target's last component), if it resolves. */
    Optional<String> linkName(Path p) {
        return follow(p).map(t -> t.getFileName().toString());
    }

    /** A kernel node or cpu list, "0-1,3"; malformed parts are warned about and skipped. */
    Set<Integer> rangeList(Path p) {
        return text(p).map(t -> parseRangeList(t, shown(p))).orElse(Set.of());
    }

    Set<Integer> parseRangeList(String list, String where) {
        Set<Integer> out = new TreeSet<>();
        for (String part : list.strip().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Matcher m = RANGE.matcher(part.strip());
            if (!m.matches()) {
                warn(where + ": '" + Printable.excerpt(part.strip(), EXCERPT) + "' is not a node range");
                continue;
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            for (int n = from; n <= to && n - from < 4096; n++) {
                out.add(n);
            }
        }
        return out;
    }

    /** Numbered children {@code prefixN} of a directory, by N. */
    List<Integer> numbered(Path dir, String prefix) {
        List<Integer> out = new ArrayList<>();
        Pattern p = Pattern.compile(Pattern.quote(prefix) + "(\\d{1,9})");
        for (String name : list(dir)) {
            Matcher m = p.matcher(name);
            if (m.matches()) {
                out.add(Integer.parseInt(m.group(1)));
            }
        }
        out.sort(null);
        return out;
    }
}
