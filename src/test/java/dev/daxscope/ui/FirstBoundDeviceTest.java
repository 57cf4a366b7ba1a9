package dev.daxscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.scenario.ScenarioParser;
import dev.daxscope.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;

/** The device a machine opens on in the page map: device_dax's or famfs's pages, never kmem's. */
class FirstBoundDeviceTest {

    @Test
    void aFamfsDeviceIsDrawnAndASystemRamOneIsNot() throws Exception {
        ScenarioRunner runner = new ScenarioRunner(ScenarioParser.parse("famfs.dax", """
                kernel 7.3
                region R dynamic start=0x100000000 size=1G target_node=1
                write @R/create 1
                write /sys/bus/dax/devices/dax0.1/size 0x10000000
                write /sys/bus/dax/drivers/kmem/new_id dax0.1
                write @R/create 1
                write /sys/bus/dax/devices/dax0.2/size 0x10000000
                daxctl reconfigure-device --mode=famfs dax0.2
                """));
        while (runner.hasNext()) {
            assertThat(runner.step().failed()).isFalse();
        }
        assertThat(InspectorViewModel.firstBoundDevice(runner.inspector().snapshot("test"))).isEqualTo("dax0.2");
    }
}
