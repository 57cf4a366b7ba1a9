package dev.daxscope.ui;

import dev.daxscope.model.Outcome;
import dev.daxscope.model.damon.HeatFrame;
import dev.daxscope.model.damon.HeatTimeline;
import dev.daxscope.source.DaxSource;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * DAMON heat for the window: reads the source's DAMON state off the FX thread while live (a
 * simulated machine's DAMON clock following the wall clock), keeps the last minutes of frames
 * for the time axis, and says which frame is shown: the newest unless the person scrubbed back.
 * Another machine or kernel starts the history again; a reading of the machine left is dropped.
 * Readings run on their own thread: on a large simulated machine one takes seconds (the DAMON
 * and memory-block files are exported and read back), and the window's writes must not wait.
 */
final class DamonHeatFeed implements AutoCloseable {
    /** How far back the time axis reaches. */
    static final long KEEP_MILLIS = 5 * 60_000;
    /** Readings at most this often, whatever the refresh interval: each one reads every DAMON file. */
    static final long MIN_INTERVAL_NANOS = 1_000_000_000L;
    private final InspectorViewModel model;
    private final BackgroundTasks readings = new BackgroundTasks();
    private final HeatTimeline timeline = new HeatTimeline(KEEP_MILLIS, (int) (KEEP_MILLIS / 1000));
    private final ReadOnlyObjectWrapper<HeatFrame> shown = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private int shownIndex = -1;
    private boolean following = true;
    private boolean reading;
    private long readAt = Long.MIN_VALUE;
    /** Bumped at every switch of machine, so a reading that was under way is known to be of the machine left. */
    private long era;

    DamonHeatFeed(InspectorViewModel model) {
        this.model = model;
        model.transitionProperty().addListener((o, a, b) -> restart());
    }

    /** The frame on screen; null before the first reading of the machine shown. */
    ReadOnlyObjectProperty<HeatFrame> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** What the last action (monitor, hot process) answered, or why a reading failed; empty when all is well. */
    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    HeatTimeline timeline() {
        return timeline;
    }

    int shownIndex() {
        return shownIndex;
    }

    /** Whether the newest frame is shown and new ones will be. */
    boolean following() {
        return following;
    }

    /** One window frame while live: reads DAMON again once the refresh interval (at least a second) has passed. */
    void tick(long nowNanos) {
        long interval = Math.max(MIN_INTERVAL_NANOS, model.refreshMillisProperty().get() * 1_000_000L);
        if (!reading && (readAt == Long.MIN_VALUE || nowNanos - readAt >= interval)) {
            readAt = nowNanos;
            readNow();
        }
    }

    /** Reads DAMON now (tests, a screenshot, an action's answer). */
    void readNow() {
        if (reading) {
            return;
        }
        reading = true;
        DaxSource source = model.source();
        long readEra = era;
        readings.run(() -> read(source), frame -> {
            reading = false;
            if (readEra == era) {
                add(frame);
            }
        }, why -> {
            reading = false;
            if (readEra == era) {
                message.set("Could not read DAMON: " + why);
            }
        });
    }

    private static HeatFrame read(DaxSource source) {
        source.damonControl().ifPresent(c -> c.keepUp(System.nanoTime()));
        return HeatFrame.of(System.currentTimeMillis(), source.damon(), source.snapshot().devices(), source.physicalOwners());
    }

    private void add(HeatFrame frame) {
        timeline.add(frame);
        if (following) {
            show(timeline.size() - 1);
        } else {
            // Older frames fell off the front: the frame shown keeps its place in time.
            show(Math.min(shownIndex, timeline.size() - 1));
        }
    }

    /** Shows frame {@code index} of the timeline (0 the oldest); the last one follows new frames. */
    void show(int index) {
        if (timeline.isEmpty()) {
            return;
        }
        shownIndex = Math.max(0, Math.min(timeline.size() - 1, index));
        following = shownIndex == timeline.size() - 1;
        shown.set(timeline.at(shownIndex));
    }

    /** Runs a DAMON action ({@code what} names it) in the background, says its answer, and reads again. */
    void act(String what, Function<DaxSource.DamonControl, Outcome> action) {
        DaxSource source = model.source();
        source.damonControl().ifPresent(control -> model.tasks().run(() -> action.apply(control), outcome -> {
            if (source == model.source()) {
                message.set(outcome.isOk() ? what + ": done" : what + " refused: " + outcome);
                readNow();
            }
        }, why -> message.set(what + " failed: " + why)));
    }

    /** Waits until the reading under way (if any) has been delivered (tests, benchmarks). */
    void drain(long timeout, java.util.concurrent.TimeUnit unit) throws Exception {
        readings.drain(timeout, unit);
    }

    @Override
    public void close() {
        readings.close();
    }

    private void restart() {
        era++;
        reading = false;
        readAt = Long.MIN_VALUE;
        timeline.clear();
        shownIndex = -1;
        following = true;
        message.set("");
        shown.set(null);
    }
}
