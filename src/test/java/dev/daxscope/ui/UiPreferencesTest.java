package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preferences survive a restart, and a damaged file gives the defaults instead of an error. */
class UiPreferencesTest {

    @Test
    void themeGeometryAndRecentScenariosSurviveARestart(@TempDir Path dir) {
        Path file = dir.resolve("config/daxscope/preferences.properties");
        UiPreferences prefs = UiPreferences.load(file);
        assertThat(prefs.dark()).isFalse();
        assertThat(prefs.geometry()).isEmpty();
        prefs.setDark(true);
        prefs.setGeometry(new UiPreferences.Geometry(10, 20, 1280, 800, false));
        prefs.addRecentScenario(dir.resolve("a.dax"));
        prefs.addRecentScenario(dir.resolve("b.dax"));
        prefs.addRecentScenario(dir.resolve("a.dax"));
        prefs.setRefreshMillis(2000);

        UiPreferences again = UiPreferences.load(file);
        assertThat(again.dark()).isTrue();
        assertThat(again.geometry()).contains(new UiPreferences.Geometry(10, 20, 1280, 800, false));
        assertThat(again.recentScenarios()).containsExactly(dir.resolve("a.dax"), dir.resolve("b.dax"));
        assertThat(again.refreshMillis()).isEqualTo(2000);
        assertThat(file.resolveSibling("preferences.properties.tmp")).doesNotExist();
    }

    @Test
    void theRecentListKeepsTheLastEight(@TempDir Path dir) {
        UiPreferences prefs = UiPreferences.load(dir.resolve("p.properties"));
        for (int i = 0; i < 12; i++) {
            prefs.addRecentScenario(dir.resolve(i + ".dax"));
        }
        assertThat(prefs.recentScenarios()).hasSize(UiPreferences.RECENT_MAX).first().isEqualTo(dir.resolve("11.dax"));
        assertThat(UiPreferences.load(dir.resolve("p.properties")).recentScenarios()).hasSize(UiPreferences.RECENT_MAX);
    }

    @Test
    void aDamagedFileGivesTheDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.properties");
        Files.write(file, new byte[] {'t', 'h', 'e', 'm', 'e', '=', '\\', 'u', 'Z', 'Z'});
        assertThat(UiPreferences.load(file).dark()).isFalse();
        Files.writeString(file, "theme=dark\nwindow.width=abc\nwindow.height=-5\nwindow.x=1\nwindow.y=1\n");
        UiPreferences prefs = UiPreferences.load(file);
        assertThat(prefs.dark()).isTrue();
        assertThat(prefs.geometry()).isEmpty();
        Files.writeString(file, "refresh.ms=7\n");
        assertThat(UiPreferences.load(file).refreshMillis()).isEqualTo(UiPreferences.REFRESH_CHOICES.getFirst());
        Files.writeString(file, "refresh.ms=lots\n");
        assertThat(UiPreferences.load(file).refreshMillis()).isEqualTo(UiPreferences.REFRESH_CHOICES.getFirst());
    }

    @Test
    void anIntervalTheToolbarDoesNotOfferIsRefused(@TempDir Path dir) {
        UiPreferences prefs = UiPreferences.load(dir.resolve("p.properties"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> prefs.setRefreshMillis(3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 ms");
        assertThat(prefs.refreshMillis()).isEqualTo(250);
    }
}
