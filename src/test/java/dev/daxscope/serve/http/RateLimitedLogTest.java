package dev.daxscope.serve.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    @Test
    void aBurstIsOneLineAndTheNextLineCountsWhatWasNotWritten() {
        List<String> lines = new ArrayList<>();
        AtomicLong clock = new AtomicLong(-5); // System.nanoTime may be negative: the log must not care
        RateLimitedLog log = new RateLimitedLog(lines::add, Duration.ofSeconds(60), clock::get);
        for (int i = 0; i < 20; i++) {
            log.note("reset " + i);
        }
        assertThat(lines).containsExactly("reset 0");
        clock.addAndGet(Duration.ofSeconds(60).toNanos() - 1);
        log.note("reset 20");
        assertThat(lines).hasSize(1);
        clock.addAndGet(1);
        log.note("reset 21");
        assertThat(lines).containsExactly("reset 0", "reset 21 (and 20 more like it since the last such line)");
        clock.addAndGet(Duration.ofMinutes(10).toNanos());
        log.note("reset 22");
        assertThat(lines).last().isEqualTo("reset 22");
    }
}
