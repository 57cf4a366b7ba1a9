package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.sim.MachineLoader;
import dev.daxscope.source.sim.SimulatedSource;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code daxscope screenshot} renders the whole window headless: not blank, and the same on every run. */
class ScreenshotTest {

    @Test
    void rendersTheMainWindowHeadlessAndNotBlank() throws Exception {
        BufferedImage img = ScreenshotCommand.render(SimulatedSource.demo(), "page-map", 1280, 720, false, new AtomicLong());
        assertThat(img.getWidth()).isEqualTo(1280);
        assertThat(img.getHeight()).isEqualTo(720);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("distinct colours in the rendered window").isGreaterThan(20);
    }

    /** The views whose content moves with time in a live window: the stats chart, the fault log, the tour's status bar. */
    @ParameterizedTest
    @ValueSource(strings = {"stats", "fault-log", "scenario-player"})
    void theSameViewRendersToTheSamePixelsOnEveryRun(String view) throws Exception {
        int[] first = pixels(view);
        int[] second = pixels(view);
        assertThat(second).as(view + " rendered twice").isEqualTo(first);
    }

    private static int[] pixels(String view) throws Exception {
        AtomicLong clock = new AtomicLong();
        BufferedImage img = ScreenshotCommand.render(MachineLoader.source(null, clock::get), view, 1000, 700, false, clock);
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
