package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.daxscope.TestFiles;
import dev.daxscope.source.linux.LinuxSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Trees captured on real kernels (src/test/fixtures/real), served and scraped, say what the reader read. */
class RealCapturesTest {

    @Test
    void everyCaptureIsExportedAsItReads() throws Exception {
        Path real = TestFiles.project().resolve("src/test/fixtures/real");
        assumeTrue(Files.isDirectory(real), "no real-kernel captures in this checkout: " + real);
        List<Path> captures;
        try (Stream<Path> s = Files.list(real)) {
            captures = s.filter(p -> Files.isDirectory(p.resolve("sys"))).sorted().toList();
        }
        assertThat(captures).isNotEmpty();
        for (Path capture : captures) {
            LinuxSource source = new LinuxSource(capture.resolve("sys"), capture.toString());
            try (ServedMachine served = ServedMachine.start("--snapshot", capture.toString())) {
                Exposition scrape = served.scrape();
                MachineExpectations.matches(scrape, source.refresh(), source.topology(), false);
                assertThat(scrape.family("daxscope_device_size_bytes").samples()).as(capture.toString()).isNotEmpty();
            }
        }
    }
}
