package dev.daxscope.ui;

import javafx.scene.paint.Color;

/** Colours of the window: Okabe-Ito per device, viridis for counts. */
final class Palette {
    private Palette() {
    }

    /** Darker colours first: device labels are drawn in white on them. */
    private static final Color[] OKABE_ITO = {
        Color.web("#0072B2"), Color.web("#D55E00"), Color.web("#009E73"), Color.web("#CC79A7"),
        Color.web("#E69F00"), Color.web("#56B4E9"), Color.web("#F0E442")};
    private static final java.util.regex.Pattern DAX_NAME = java.util.regex.Pattern.compile("dax(\\d{1,6})\\.(\\d{1,6})");

    /**
     * A stable colour per device: neighbours in a region get consecutive colours and each region
     * starts five colours on, so the first devices of the first regions never share one.
     */
    static Color device(String name) {
        java.util.regex.Matcher m = DAX_NAME.matcher(name);
        int index = m.matches() ? Integer.parseInt(m.group(1)) * 5 + Integer.parseInt(m.group(2)) : name.hashCode();
        return OKABE_ITO[Math.floorMod(index, OKABE_ITO.length)];
    }

    static final Color IDLE = Color.web("#d5d8dc");
    static final Color IDLE_DARK = Color.web("#3a3f47");
    static final Color POISON = Color.web("#d62728");
    /** The one accent colour (ui-brief): plot lines, highlights. */
    static final Color ACCENT = Color.web("#0072B2");

    private static final double[][] VIRIDIS = {
        {0.267, 0.005, 0.329}, {0.283, 0.141, 0.458}, {0.254, 0.265, 0.530}, {0.207, 0.372, 0.553},
        {0.164, 0.471, 0.558}, {0.128, 0.567, 0.551}, {0.135, 0.659, 0.518}, {0.267, 0.749, 0.441},
        {0.478, 0.821, 0.318}, {0.741, 0.873, 0.150}, {0.993, 0.906, 0.144}};

    /** Viridis at {@code t} in [0, 1]. */
    static Color viridis(double t) {
        double x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = (int) Math.floor(x);
        int j = Math.min(VIRIDIS.length - 1, i + 1);
        double f = x - i;
        return Color.color(VIRIDIS[i][0] + f * (VIRIDIS[j][0] - VIRIDIS[i][0]),
                VIRIDIS[i][1] + f * (VIRIDIS[j][1] - VIRIDIS[i][1]), VIRIDIS[i][2] + f * (VIRIDIS[j][2] - VIRIDIS[i][2]));
    }

    /** Whether {@code node} is shown in the dark theme (canvases pick their colours by it). */
    static boolean dark(javafx.scene.Node node) {
        return node.getScene() != null && node.getScene().getRoot().getStyleClass().contains("dark");
    }
}
