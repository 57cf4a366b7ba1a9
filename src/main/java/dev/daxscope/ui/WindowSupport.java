package dev.daxscope.ui;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether the inspector's window can open here. JavaFX draws its window through GTK 3 on an X
 * display; without either it fails deep in its toolkit with a stack trace, so the launcher checks
 * first and says in one line what is missing and how to get it. Commands need neither.
 */
public final class WindowSupport {
    static final String GTK_LIBRARY = "libgtk-3.so.0";
    private static final String NOT_NEEDED = " Commands such as 'daxscope run', 'list' and 'screenshot' work without it.";

    private WindowSupport() {
    }

    /**
     * What stops the window from opening, as the line to print; empty when it can be tried.
     * {@code env} is the environment, {@code libraryLoads} whether a shared library can be loaded.
     */
    static Optional<String> missing(Map<String, String> env, Predicate<String> libraryLoads) {
        String display = env.get("DISPLAY");
        if (display == null || display.isBlank()) {
            return Optional.of("daxscope: the inspector window needs a display and DISPLAY is not set; run it in a desktop"
                    + " session, over 'ssh -X', or under 'xvfb-run ./daxscope'." + NOT_NEEDED);
        }
        if (!libraryLoads.test(GTK_LIBRARY)) {
            return Optional.of("daxscope: the inspector window needs GTK 3 (" + GTK_LIBRARY + ") and it is not installed;"
                    + " install it with 'sudo apt-get install libgtk-3-0'." + NOT_NEEDED);
        }
        return Optional.empty();
    }

    /** What stops the window from opening on this machine; empty when it can be tried. */
    static Optional<String> missingHere() {
        if ("Headless".equals(System.getProperty("glass.platform"))) {
            return Optional.empty();
        }
        return missing(System.getenv(), WindowSupport::loads);
    }

    /** Whether the dynamic linker can load {@code library} (as JavaFX's glass will). */
    static boolean loads(String library) {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(library, arena);
            return true;
        } catch (IllegalArgumentException | IllegalCallerException notLoadable) {
            return false;
        }
    }

    /** The one line for a toolkit that failed to start although the checks passed (an unreachable display). */
    static String failedToStart(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "daxscope: the inspector window could not open (" + why + "); check that DISPLAY names a running X"
                + " server you may use." + NOT_NEEDED;
    }
}
