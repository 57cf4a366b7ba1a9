package dev.daxscope.ui;

/**
 * The stats view's data: the last {@code capacity} samples of each series in primitive ring
 * buffers (as chart-fx's circular data sets), so a sample is three array stores, not a list
 * shift. Read and written on the FX thread only.
 */
final class StatsHistory {
    /** The series, in the order the stats view draws them. */
    enum Series {
        FAULTS_PER_SECOND("faults/s"), MAPPED_FOLIOS("mapped folios"), SIGNALS("signals (total)");

        final String label;

        Series(String label) {
            this.label = label;
        }
    }

    private final double[][] values;
    private final int capacity;
    private int size;
    private int head;

    StatsHistory(int capacity) {
        this.capacity = capacity;
        this.values = new double[Series.values().length][capacity];
    }

    void add(double faultsPerSecond, double mappedFolios, double signals) {
        values[0][head] = faultsPerSecond;
        values[1][head] = mappedFolios;
        values[2][head] = signals;
        head = (head + 1) % capacity;
        size = Math.min(capacity, size + 1);
    }

    void clear() {
        size = 0;
        head = 0;
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    /** Sample {@code i} of {@code series}, 0 the oldest held. */
    double get(Series series, int i) {
        return values[series.ordinal()][Math.floorMod(head - size + i, capacity)];
    }

    /** The newest sample, 0 when there is none. */
    double latest(Series series) {
        return size == 0 ? 0 : get(series, size - 1);
    }

    /** The smallest sample, 0 when there is none. */
    double min(Series series) {
        double m = size == 0 ? 0 : Double.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            m = Math.min(m, get(series, i));
        }
        return m;
    }

    double max(Series series) {
        double m = 0;
        for (int i = 0; i < size; i++) {
            m = Math.max(m, get(series, i));
        }
        return m;
    }
}
