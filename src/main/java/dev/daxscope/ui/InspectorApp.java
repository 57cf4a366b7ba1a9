package dev.daxscope.ui;

import dev.daxscope.source.open.Machines;
import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.logging.Logger;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The JavaFX application: the inspector on the demo simulated machine. */
public final class InspectorApp extends Application {
    private static final Logger LOG = Logger.getLogger(InspectorApp.class.getName());
    private MainWindow window;
    private Stage stage;
    private UiPreferences preferences;
    private static volatile dev.daxscope.source.DaxSource initialSource;
    private static volatile Boolean initialDark;

    /**
     * The source the next start() shows (set before Application.launch; null: the demo machine) and
     * the theme given on the command line (null: the remembered one).
     */
    static void startWith(dev.daxscope.source.DaxSource source, Boolean dark) {
        initialSource = source;
        initialDark = dark;
    }

    @Override
    public void start(Stage stage) {
        LOG.info("JavaFX toolkit up " + sinceStart() + " ms after process start");
        dev.daxscope.source.DaxSource source = initialSource;
        preferences = UiPreferences.load();
        if (initialDark != null) {
            preferences.setDark(initialDark);
        }
        window = new MainWindow(source != null ? source : Machines.demo(), preferences);
        if (source == null) {
            window.model().markDemo();
        }
        this.stage = stage;
        LOG.info("main window built " + sinceStart() + " ms after process start");
        Scene scene = new Scene(window.root(), 1600, 1000);
        Styles.apply(scene);
        stage.setTitle("daxscope — device-DAX inspector");
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            stage.getIcons().add(new Image(Objects.requireNonNull(
                    InspectorApp.class.getResourceAsStream("/dev/daxscope/icons/daxscope-" + size + ".png"))));
        }
        stage.setScene(scene);
        restoreGeometry(stage);
        stage.show();
        LOG.fine(() -> "stage shown " + sinceStart() + " ms after process start");
        window.start();
        logFirstFrame();
        String autoExit = System.getProperty("daxscope.autoExitMs");
        if (autoExit != null) {
            new java.util.Timer(true).schedule(new java.util.TimerTask() {
                @Override
                public void run() {
                    javafx.application.Platform.exit();
                }
            }, Long.parseLong(autoExit));
        }
    }

    /** Logs the time from JVM start to the first rendered frame (the start-up target of issue 3). */
    private static void logFirstFrame() {
        new AnimationTimer() {
            private int frames;

            @Override
            public void handle(long now) {
                if (++frames == 1) {
                    LOG.fine(() -> "first pulse " + sinceStart() + " ms after process start");
                }
                if (frames == 2) {
                    LOG.info("first frame shown " + sinceStart() + " ms after process start");
                    stop();
                }
            }
        }.start();
    }

    private static long sinceStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** Puts the window where it was last closed, unless that place is on no screen any more. */
    private void restoreGeometry(Stage stage) {
        preferences.geometry().ifPresent(g -> {
            if (javafx.stage.Screen.getScreensForRectangle(g.x(), g.y(), g.width(), g.height()).isEmpty()) {
                return;
            }
            stage.setX(g.x());
            stage.setY(g.y());
            stage.setWidth(g.width());
            stage.setHeight(g.height());
            stage.setMaximized(g.maximized());
        });
    }

    @Override
    public void stop() {
        if (stage != null && preferences != null && stage.getWidth() > 0) {
            preferences.setGeometry(new UiPreferences.Geometry(stage.getX(), stage.getY(), stage.getWidth(),
                    stage.getHeight(), stage.isMaximized()));
        }
        if (window != null) {
            window.stop();
            window.closeSource();
        }
    }
}
