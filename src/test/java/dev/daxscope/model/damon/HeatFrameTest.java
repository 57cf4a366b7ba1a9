package dev.daxscope.model.damon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.daxscope.model.damon.DamonState.Region;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The window's heat data: heat per memory block for the region map's strip, and the time axis's history. */
class HeatFrameTest {
    private static final long M = 1L << 20;

    private static HeatFrame frame(long wallMillis, Region... regions) {
        HeatSnapshot s = new HeatSnapshot("kdamond 0", true, 0, 5_000, 100_000, List.of(regions));
        return new HeatFrame(wallMillis, List.of(), List.of(), List.of(s), Optional.empty(), List.of());
    }

    @Test
    void aBlockIsTheSizeWeightedShareOfTheMaximumAndNaNWhereNothingIsMonitored() {
        HeatFrame f = frame(0, new Region(0, 32 * M, 20, 3), new Region(32 * M, 192 * M, 0, 9), new Region(192 * M, 256 * M, 10, 1));
        double[] heat = f.blockHeat(0, 512 * M, 128 * M);
        assertThat(heat).hasSize(4);
        assertThat(heat[0]).isCloseTo(0.25, within(1e-9));
        assertThat(heat[1]).isCloseTo(0.25, within(1e-9));
        assertThat(heat[2]).isNaN();
        assertThat(heat[3]).isNaN();
    }

    @Test
    void aRangeStartingInsideABlockCountsOnlyItsPartOfThatBlock() {
        HeatFrame f = frame(0, new Region(0, 128 * M, 20, 0));
        double[] heat = f.blockHeat(96 * M, 160 * M, 128 * M);
        assertThat(heat).hasSize(2);
        assertThat(heat[0]).isCloseTo(1.0, within(1e-9));
        assertThat(heat[1]).isNaN();
    }

    @Test
    void theTimelineKeepsTheLastMinutesAndAtMostItsFrames() {
        HeatTimeline t = new HeatTimeline(10_000, 5);
        for (long ms = 0; ms <= 20_000; ms += 1_000) {
            t.add(frame(ms));
        }
        assertThat(t.size()).isEqualTo(5);
        assertThat(t.at(0).wallMillis()).isEqualTo(16_000);
        assertThat(t.newest().wallMillis()).isEqualTo(20_000);
        assertThat(t.at(99).wallMillis()).as("past the end: the newest").isEqualTo(20_000);

        HeatTimeline minutes = new HeatTimeline(3_000, 100);
        for (long ms = 0; ms <= 10_000; ms += 1_000) {
            minutes.add(frame(ms));
        }
        assertThat(minutes.at(0).wallMillis()).isEqualTo(7_000);
        minutes.add(frame(500));
        assertThat(minutes.size()).as("a clock step back starts the history again").isEqualTo(1);
    }
}
