package dev.daxscope.fidelity;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The QEMU harness the fidelity profile boots, in the folder that profile names. */
final class FidelityFiles {
    /** Set by the fidelity profile only: the default suite must pass in a clone with nothing beside it. */
    static final String SHARED_DIR_PROPERTY = "daxscope.shared.dir";

    private FidelityFiles() {
    }

    /**
     * A file under ../shared, for the fidelity profile only (it boots the QEMU harness kept there).
     * Outside that profile the property is unset and this fails, so no default test can depend on
     * ../shared; inside it the test is skipped where shared/ is absent.
     */
    static Path shared(String relative) {
        String dir = System.getProperty(SHARED_DIR_PROPERTY);
        if (dir == null) {
            throw new IllegalStateException(SHARED_DIR_PROPERTY + " is set by the fidelity profile only;"
                    + " default tests read src/test/fixtures");
        }
        Path p = Path.of(dir).resolve(relative).toAbsolutePath().normalize();
        assumeTrue(Files.exists(p), "needs ../shared beside the project: " + p);
        return p;
    }
}
