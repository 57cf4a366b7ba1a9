package dev.daxscope.sim.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Errno;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.RegionKind;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.RegionSpec;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.state.KernelState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bus binds and unbinds through whatever {@link DaxDriver} is registered for a kind, as dax_bus_probe/remove do. */
class DaxBusDriversTest {

    /** A device_dax stand-in that records the bus's calls and refuses when told to. */
    private static final class RecordingDriver implements DaxDriver {
        final List<String> calls = new ArrayList<>();
        Outcome answer = Outcome.ok();

        @Override
        public DriverKind kind() {
            return DriverKind.DEVICE_DAX;
        }

        @Override
        public Outcome probe(DevDax dev) {
            calls.add("probe " + dev.name());
            if (answer.isOk()) {
                dev.setDriver(DriverKind.DEVICE_DAX);
            }
            return answer;
        }

        @Override
        public void remove(DevDax dev) {
            calls.add("remove " + dev.name());
        }
    }

    private final KernelState state = new KernelState(KernelProfile.DEFAULT, MemoryHotplug.defaults());
    private final RecordingDriver driver = new RecordingDriver();
    private final DaxBus bus = new DaxBus(state, List.of(driver, new KmemDriver(state)));

    private DevDax sizedDevice() {
        assertThat(bus.createRegion(new RegionSpec("R", RegionKind.DYNAMIC, 0x100000000L, 1L << 30, 2L << 20, null, 0,
                null, false, null)).isOk()).isTrue();
        DevDax dev = state.device("dax0.0").orElseThrow();
        assertThat(new DeviceAttributes(state).storeSize(dev, "2097152\n").isOk()).isTrue();
        return dev;
    }

    @Test
    void bindCallsTheRegisteredDriversProbeAndUnbindItsRemove() {
        state.lock().writeLock().lock();
        try {
            DevDax dev = sizedDevice();
            assertThat(bus.storeBind(DriverKind.DEVICE_DAX, "dax0.0\n").isOk()).isTrue();
            assertThat(dev.driver()).isEqualTo(DriverKind.DEVICE_DAX);
            assertThat(bus.storeUnbind(DriverKind.DEVICE_DAX, "dax0.0\n").isOk()).isTrue();
            assertThat(driver.calls).containsExactly("probe dax0.0", "remove dax0.0");
            assertThat(dev.driver()).as("the bus clears the binding after remove").isEqualTo(DriverKind.NONE);
        } finally {
            state.lock().writeLock().unlock();
        }
    }

    @Test
    void aProbeThatFailsLeavesTheDeviceUnboundWithTheDriversErrno() {
        state.lock().writeLock().lock();
        try {
            DevDax dev = sizedDevice();
            driver.answer = Outcome.fail(Errno.EBUSY, "R78", "refused by the test driver");
            Outcome bind = bus.storeBind(DriverKind.DEVICE_DAX, "dax0.0\n");
            assertThat(bind.isOk()).isFalse();
            assertThat(bind.token()).contains("EBUSY");
            assertThat(dev.isBound()).isFalse();
            assertThat(driver.calls).containsExactly("probe dax0.0");
        } finally {
            state.lock().writeLock().unlock();
        }
    }
}
