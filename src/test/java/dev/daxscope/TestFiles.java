package dev.daxscope;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the project and its real-kernel captures (src/test/fixtures/real). */
public final class TestFiles {
    private TestFiles() {
    }

    public static Path project() {
        return Path.of(System.getProperty("daxscope.project.dir", ".")).toAbsolutePath().normalize();
    }

    /** The folder of real-kernel captures kept in the repository. */
    public static Path realCaptures() {
        return project().resolve("src/test/fixtures/real");
    }

    /** One real-kernel capture ({@code hmem-initial-6.12}, ...); fails when the repository lacks it. */
    public static Path realCapture(String state) {
        Path p = realCaptures().resolve(state);
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("missing real-kernel capture " + p + " (it belongs in the repository)");
        }
        return p;
    }

    /** The names of every real-kernel capture with a mirror tree; fails (never an empty list) when there are none. */
    public static List<String> realCaptureNames() {
        try (Stream<Path> s = Files.list(realCaptures())) {
            // mirror trees only: transcript-only recordings (hmat-tiers-*) have no sys/ to read
            List<String> names = s.filter(p -> Files.isDirectory(p.resolve("sys"))).map(p -> p.getFileName().toString())
                    .sorted().toList();
            if (names.isEmpty()) {
                throw new IllegalStateException("no real-kernel captures under " + realCaptures());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the real-kernel captures", e);
        }
    }

    /** A file of the repository's test fixtures (src/test/fixtures); fails when it is missing. */
    public static Path fixture(String relative) {
        Path p = project().resolve("src/test/fixtures").resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing test fixture " + p);
        }
        return p;
    }
}
