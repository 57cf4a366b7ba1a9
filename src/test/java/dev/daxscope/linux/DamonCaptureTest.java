package dev.daxscope.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.model.damon.DamonState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capture} keeps DAMON's sysfs, so a snapshot shows the heat the machine had. */
class DamonCaptureTest {
    @Test
    void aCaptureReadsBackTheSameDamonState(@TempDir Path tmp) throws IOException {
        Path sys = TestFiles.project().resolve("src/test/fixtures/damon/buildhost-6.18/sys");
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        Path out = tmp.resolve("capture");
        new Capture(sys, proc).to(out);
        DamonState captured = new DamonReader(out.resolve("sys")).read();
        DamonState original = new DamonReader(sys).read();
        assertThat(captured.kdamonds()).isNotEmpty().isEqualTo(original.kdamonds());
    }
}
