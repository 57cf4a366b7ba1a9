package dev.daxscope.ui;

import java.util.Locale;

/** Number formats used everywhere in the inspector: binary sizes, hex addresses, grouped counts. */
final class Format {
    private Format() {
    }

    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1 && (bytes % (1L << (10 * (u + 1))) == 0 || v >= 10 * 1024)) {
            v /= 1024;
            u++;
        }
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%d %s", (long) v, units[u])
                : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String exact(long bytes) {
        return String.format(Locale.ROOT, "%,d (0x%x)", bytes, bytes);
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A duration for labels: "250 ms", "2 s", "8 min". */
    /** "1 warning", "2 warnings": {@code n} counted with the noun it agrees with. */
    static String count(long n, String one, String many) {
        return count(n) + " " + (n == 1 ? one : many);
    }

    static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 120_000) {
            return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return millis % 60_000 == 0 ? millis / 60_000 + " min" : String.format(Locale.ROOT, "%.1f min", millis / 60_000.0);
    }
}
