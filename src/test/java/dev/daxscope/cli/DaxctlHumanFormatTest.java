package dev.daxscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code -u} as ndctl 76's util/json.c prints it, found by pointing the real daxctl at our
 * export: a size under 5000 KiB stays a JSON number (display_size prints it unquoted), and a
 * device's align is a size too (a region's align is always raw).
 */
class DaxctlHumanFormatTest {

    @Test
    void smallSizesStayNumbersAndADevicesAlignIsASize(@TempDir Path tmp) throws Exception {
        Path m = tmp.resolve("m.dax");
        Files.writeString(m, """
                region A dynamic start=0x100000000 size=4G align=2M
                write @A/create 1
                write /sys/bus/dax/devices/dax0.1/align 1073741824
                write /sys/bus/dax/devices/dax0.1/size 1073741824
                write @A/create 1
                write /sys/bus/dax/devices/dax0.2/size 2097152
                """);
        Cli.Run r = Cli.run("list", "--machine", m.toString(), "-RDMiu");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode region = JsonMapper.builder().build().readTree(r.out());
        JsonNode devices = region.get("devices");
        assertThat(region.get("align").isNumber()).isTrue();
        assertThat(devices.get(0).get("chardev").asString()).isEqualTo("dax0.0");
        assertThat(devices.get(0).get("size").isNumber()).isTrue();
        assertThat(devices.get(0).get("size").asLong()).isZero();
        assertThat(devices.get(1).get("align").asString()).isEqualTo("1024.00 MiB (1073.74 MB)");
        assertThat(devices.get(2).get("size").isNumber()).isTrue();
        assertThat(devices.get(2).get("size").asLong()).isEqualTo(2097152);
        assertThat(devices.get(2).get("align").asLong()).isEqualTo(2097152);
    }
}
