package dev.daxscope.ui;

import java.util.function.LongConsumer;
import javafx.animation.AnimationTimer;

/** Calls {@code frame} with the pulse's time on every frame the FX thread draws, while started. */
final class FrameTimer extends AnimationTimer {
    private final LongConsumer frame;

    FrameTimer(LongConsumer frame) {
        this.frame = frame;
    }

    @Override
    public void handle(long now) {
        frame.accept(now);
    }
}
