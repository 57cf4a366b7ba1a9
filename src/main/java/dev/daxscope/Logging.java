package dev.daxscope;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * One logging facility (java.util.logging), configured from {@code logging.properties}: warnings
 * go to stderr, everything from INFO to the log file in the user's state directory, nothing to
 * stdout (stdout belongs to command results).
 */
public final class Logging {
    private Logging() {
    }

    public static Path stateDir() {
        return dev.daxscope.linux.SysfsWriter.stateDir();
    }

    public static void configure() {
        try (InputStream in = Logging.class.getResourceAsStream("/dev/daxscope/logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("daxscope: logging configuration unreadable: " + e.getMessage());
        }
        try {
            Files.createDirectories(stateDir());
            java.nio.file.Path log = stateDir().resolve("daxscope.log");
            if (Files.isSymbolicLink(log) || Files.exists(log) && !Files.isRegularFile(log, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                // FileHandler would append through a link someone planted, or into a device.
                throw new IOException(log + " is not a regular file; not logging to it");
            }
            FileHandler file = new FileHandler(log.toString(), true);
            file.setFormatter(new SimpleFormatter());
            file.setLevel(Level.INFO);
            Logger.getLogger("dev.daxscope").addHandler(file);
        } catch (IOException | SecurityException e) {
            Logger.getLogger("dev.daxscope").fine("no log file: " + e.getMessage());
        }
    }
}
