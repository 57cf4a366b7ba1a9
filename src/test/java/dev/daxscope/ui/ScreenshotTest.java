package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.source.SimulatedSource;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code daxscope screenshot} renders the whole window headless into a non-blank image. */
class ScreenshotTest {

    @Test
    void rendersTheMainWindowHeadlessAndNotBlank() throws Exception {
        BufferedImage img = ScreenshotCommand.render(SimulatedSource.demo(), "page-map", 1280, 720);
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
}
