package dev.daxscope.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.sim.dax.FolioTable;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The page map's summary pyramid gives exactly what a scan of every folio gives, however it is cut. */
class FolioSummaryTest {

    @Test
    void pyramidSummaryEqualsBruteForceForRandomCountersAndCuts() {
        long seed = 20261125L;
        SplittableRandom rnd = new SplittableRandom(seed);
        FolioTable t = new FolioTable(100_000, 0);
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 500; i++) {
                long f = rnd.nextLong(100_000);
                switch (rnd.nextInt(4)) {
                    case 0 -> t.addMapping(f, true);
                    case 1 -> t.addPin(f, 1024, 1);
                    case 2 -> t.setPoison(f);
                    default -> {
                        if (t.mapcount(f) > 0) {
                            t.removeMapping(f, true);
                        }
                    }
                }
            }
            int cells = 1 + rnd.nextInt(5000);
            long from = rnd.nextLong(50_000);
            long to = from + 1 + rnd.nextLong(50_000);
            int[] ref = new int[cells];
            int[] map = new int[cells];
            int[] pin = new int[cells];
            byte[] flags = new byte[cells];
            long[] stamp = new long[cells];
            t.summarize(from, to, cells, ref, map, pin, flags, stamp);
            long span = to - from;
            for (int k = 0; k < cells; k++) {
                long a = from + span * k / cells;
                long b = Math.max(a + 1, from + span * (k + 1) / cells);
                int r = 1;
                int m = 0;
                int p = 0;
                byte fl = 0;
                for (long f = a; f < b; f++) {
                    r = Math.max(r, t.refcount(f));
                    m = Math.max(m, t.mapcount(f));
                    p = Math.max(p, t.pinnedPages(f));
                    fl |= t.flags(f);
                }
                assertThat(new int[] {ref[k], map[k], pin[k], flags[k]}).as("seed %d round %d cell %d", seed, round, k)
                        .containsExactly(r, m, p, fl);
            }
        }
        long mapped = 0;
        for (long f = 0; f < 100_000; f++) {
            mapped += t.mapcount(f) > 0 ? 1 : 0;
        }
        assertThat(t.mappedFolios()).isEqualTo(mapped);
    }
}
