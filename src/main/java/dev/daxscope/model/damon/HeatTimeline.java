package dev.daxscope.model.damon;

import java.util.ArrayList;
import java.util.List;

/**
 * The last minutes of heat frames, oldest first, for the window's time axis: frames older than
 * {@code keepMillis} before the newest are dropped, and at most {@code maxFrames} are kept. Not
 * thread-safe: the window keeps one on its FX thread.
 */
public final class HeatTimeline {
    private final long keepMillis;
    private final int maxFrames;
    private final List<HeatFrame> frames = new ArrayList<>();

    public HeatTimeline(long keepMillis, int maxFrames) {
        if (keepMillis <= 0 || maxFrames <= 0) {
            throw new IllegalArgumentException("a timeline keeps some time and some frames: " + keepMillis + " ms, " + maxFrames);
        }
        this.keepMillis = keepMillis;
        this.maxFrames = maxFrames;
    }

    /** Adds the newest frame; one older than the newest held is a clock step back, and the history restarts from it. */
    public void add(HeatFrame frame) {
        if (!frames.isEmpty() && frame.wallMillis() < frames.getLast().wallMillis()) {
            frames.clear();
        }
        frames.addLast(frame);
        while (frames.size() > maxFrames || frames.getFirst().wallMillis() < frame.wallMillis() - keepMillis) {
            frames.removeFirst();
        }
    }

    public void clear() {
        frames.clear();
    }

    public int size() {
        return frames.size();
    }

    public boolean isEmpty() {
        return frames.isEmpty();
    }

    /** Frame {@code index}, 0 the oldest held; an index past either end gives the nearest end. */
    public HeatFrame at(int index) {
        return frames.get(Math.max(0, Math.min(frames.size() - 1, index)));
    }

    /** The newest frame; null when none is held. */
    public HeatFrame newest() {
        return frames.isEmpty() ? null : frames.getLast();
    }

    public long keepMillis() {
        return keepMillis;
    }
}
