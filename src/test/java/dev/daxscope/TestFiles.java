package dev.daxscope;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the project and the ../shared folder beside it (CI has shared/ beside the clone). */
public final class TestFiles {
    private TestFiles() {
    }

    public static Path project() {
        return Path.of(System.getProperty("daxscope.project.dir", ".")).toAbsolutePath().normalize();
    }

    /** A file under ../shared; the test is skipped (not failed) where shared/ is not beside the project. */
    public static Path shared(String relative) {
        Path p = Path.of(System.getProperty("daxscope.shared.dir", "../shared")).resolve(relative).toAbsolutePath().normalize();
        assumeTrue(Files.exists(p), "needs ../shared beside the project: " + p);
        return p;
    }
}
