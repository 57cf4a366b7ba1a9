package dev.daxscope.ui;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The inspector's preferences (theme, window geometry, recent scenarios), kept in
 * {@code $XDG_CONFIG_HOME/daxscope/preferences.properties} (default {@code ~/.config}). A missing
 * or damaged file gives the defaults and a log warning, never an error; every change is saved at
 * once, through a temporary file, so a crash cannot leave half a file. An open window saves
 * through its background executor ({@link #writeThrough}), never on the FX thread.
 */
public final class UiPreferences {
    private static final Logger LOG = Logger.getLogger(UiPreferences.class.getName());
    static final int RECENT_MAX = 8;

    /** Window position and size in screen coordinates. */
    public record Geometry(double x, double y, double width, double height, boolean maximized) {
    }

    private final Path file;
    private boolean dark;
    private Geometry geometry;
    private final List<Path> recent = new ArrayList<>();
    private long refreshMillis = DEFAULT_REFRESH_MILLIS;
    /** Where the file is written: at once until a window hands over its background executor. */
    private java.util.concurrent.Executor writer = Runnable::run;

    /** The refresh intervals the toolbar offers, in milliseconds; the first is the default. */
    public static final List<Long> REFRESH_CHOICES = List.of(250L, 1000L, 2000L, 5000L);
    private static final long DEFAULT_REFRESH_MILLIS = REFRESH_CHOICES.getFirst();

    private UiPreferences(Path file) {
        this.file = file;
    }

    /** Preferences that live only as long as this object (tests, screenshots). */
    public static UiPreferences inMemory() {
        return new UiPreferences(null);
    }

    /** The user's preferences file, honouring XDG_CONFIG_HOME. */
    public static UiPreferences load() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return load(base.resolve("daxscope/preferences.properties"));
    }

    public static UiPreferences load(Path file) {
        UiPreferences prefs = new UiPreferences(file);
        if (!Files.exists(file)) {
            return prefs;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warning("ignoring unreadable preferences " + file + ": " + e.getMessage());
            return prefs;
        }
        prefs.dark = "dark".equals(p.getProperty("theme"));
        prefs.geometry = geometry(p).orElse(null);
        try {
            long ms = Long.parseLong(p.getProperty("refresh.ms", ""));
            prefs.refreshMillis = REFRESH_CHOICES.contains(ms) ? ms : DEFAULT_REFRESH_MILLIS;
        } catch (NumberFormatException e) {
            prefs.refreshMillis = DEFAULT_REFRESH_MILLIS;
        }
        for (int i = 0; i < RECENT_MAX; i++) {
            String r = p.getProperty("recent." + i);
            if (r != null && !r.isBlank()) {
                prefs.recent.add(Path.of(r));
            }
        }
        return prefs;
    }

    private static Optional<Geometry> geometry(Properties p) {
        try {
            double w = Double.parseDouble(p.getProperty("window.width", ""));
            double h = Double.parseDouble(p.getProperty("window.height", ""));
            if (!(w >= 200 && h >= 150 && w < 100_000 && h < 100_000)) {
                return Optional.empty();
            }
            return Optional.of(new Geometry(Double.parseDouble(p.getProperty("window.x", "")),
                    Double.parseDouble(p.getProperty("window.y", "")), w, h,
                    Boolean.parseBoolean(p.getProperty("window.maximized"))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** From now on the file is written by {@code background} (in order), not by the thread that changed a setting. */
    void writeThrough(java.util.concurrent.Executor background) {
        this.writer = background;
    }

    public boolean dark() {
        return dark;
    }

    public void setDark(boolean dark) {
        this.dark = dark;
        save();
    }

    public Optional<Geometry> geometry() {
        return Optional.ofNullable(geometry);
    }

    public void setGeometry(Geometry geometry) {
        this.geometry = geometry;
        save();
    }

    /** How often the views sample the machine's structure, counters and events (the page map still paints every frame). */
    public long refreshMillis() {
        return refreshMillis;
    }

    public void setRefreshMillis(long refreshMillis) {
        if (!REFRESH_CHOICES.contains(refreshMillis)) {
            throw new IllegalArgumentException("refresh interval " + refreshMillis + " ms is not one of " + REFRESH_CHOICES);
        }
        this.refreshMillis = refreshMillis;
        save();
    }

    /** Most recent first. */
    public List<Path> recentScenarios() {
        return List.copyOf(recent);
    }

    public void addRecentScenario(Path scenario) {
        Path p = scenario.toAbsolutePath().normalize();
        recent.remove(p);
        recent.addFirst(p);
        while (recent.size() > RECENT_MAX) {
            recent.removeLast();
        }
        save();
    }

    private void save() {
        if (file == null) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("theme", dark ? "dark" : "light");
        p.setProperty("refresh.ms", Long.toString(refreshMillis));
        if (geometry != null) {
            p.setProperty("window.x", Double.toString(geometry.x()));
            p.setProperty("window.y", Double.toString(geometry.y()));
            p.setProperty("window.width", Double.toString(geometry.width()));
            p.setProperty("window.height", Double.toString(geometry.height()));
            p.setProperty("window.maximized", Boolean.toString(geometry.maximized()));
        }
        for (int i = 0; i < recent.size(); i++) {
            p.setProperty("recent." + i, recent.get(i).toString());
        }
        // The settings are copied above, on the caller's thread; only the file work moves.
        writer.execute(() -> store(p));
    }

    private void store(Properties p) {
        try {
            Files.createDirectories(file.getParent());
            // A fresh temporary file, not a fixed name a link could have been planted at.
            dev.daxscope.source.AtomicOutput.file(file, true, tmp -> {
                try (Writer w = Files.newBufferedWriter(tmp)) {
                    p.store(w, "daxscope inspector preferences");
                }
            });
        } catch (IOException e) {
            LOG.warning("cannot save preferences to " + file + ": " + e.getMessage());
        }
    }
}
