package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.cli.HeatCommandTestMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} on a simulated CXL node with a hot and a cold process: DAMON's figures per node. */
class DamonMetricsTest {
    @Test
    void hotBytesAndBandwidthOfTheMonitoredNode(@TempDir Path tmp) throws Exception {
        Path script = Files.writeString(tmp.resolve("heat.dax"), HeatCommandTestMachine.TEXT);
        try (ServedMachine served = ServedMachine.start("--machine", script.toString())) {
            Exposition e = served.scrape();
            assertThat(e.value("daxscope_damon_monitored_bytes", Map.of("node", "1"))).hasValue((double) (1L << 30));
            double hot = e.value("daxscope_damon_hot_bytes", Map.of("node", "1")).orElseThrow();
            // HOT's 256 MiB and at most one partly hot region on each side of it.
            assertThat(hot).isBetween((double) (256L << 20), (double) (384L << 20));
            assertThat(e.value("daxscope_damon_hot_bytes", Map.of("node", "0"))).as("node 0 is not monitored: no sample").isEmpty();
            assertThat(e.value("daxscope_damon_estimated_bandwidth_bytes_per_second", Map.of("node", "1", "source", "kdamond")).orElseThrow())
                    .isGreaterThan(0);
            assertThat(e.value("daxscope_damon_stat_enabled", Map.of())).hasValue(0.0);
        }
    }
}
