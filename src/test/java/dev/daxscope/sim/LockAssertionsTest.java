package dev.daxscope.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.RegionKind;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.RegionSpec;
import org.junit.jupiter.api.Test;

/** The bus's stores and the kernel's tables check that their caller holds the write lock (lockdep_assert_held). */
class LockAssertionsTest {

    private static Kernel machine() {
        Kernel k = new Kernel();
        assertThat(k.createRegion(new RegionSpec("R", RegionKind.DYNAMIC, 0x100000000L, 1L << 30, 2L << 20, null, 0,
                null, false, null)).isOk()).isTrue();
        assertThat(k.sysfs().write("/sys/devices/platform/dax_region.0/dax_region/create", "1\n").isOk()).isTrue();
        return k;
    }

    @Test
    void aStoreWithoutTheWriteLockFails() {
        Kernel k = machine();
        DevDax dev = k.device("dax0.1").orElseThrow();
        assertThatThrownBy(() -> k.deviceAttributes().storeSize(dev, "2097152\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("write lock");
        assertThatThrownBy(() -> k.bus().storeBind(DriverKind.DEVICE_DAX, "dax0.1\n"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> k.state().unregisterRegion(k.regions().firstEntry().getValue()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(dev.size()).as("nothing changed").isZero();
        assertThat(k.regions()).hasSize(1);
    }

    @Test
    void theRangeIdAndMinorHelpersAssertTheLockAsBusCDoes() {
        Kernel k = machine();
        DevDax dev = k.device("dax0.1").orElseThrow();
        assertThatThrownBy(() -> k.deviceAttributes().storeMapping(dev, "0x100000000-0x1001fffff\n"))
                .as("alloc_dev_dax_range").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> k.bus().storeDelete(dev.region(), "dax0.1\n"))
                .as("__free_dev_dax_id").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> k.bus().removeRegion(dev.region()))
                .as("__unregister_dax_mapping").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> k.state().allocateMinor()).isInstanceOf(IllegalStateException.class);
        assertThat(dev.ranges()).as("nothing changed").isEmpty();
        assertThat(k.device("dax0.1")).isPresent();
    }

    @Test
    void aReadLockIsNotEnoughTheWriteLockIs() {
        Kernel k = machine();
        DevDax dev = k.device("dax0.1").orElseThrow();
        underLock(k.lock().readLock(), () -> assertThatThrownBy(() -> k.deviceAttributes().storeSize(dev, "2097152\n"))
                .isInstanceOf(IllegalStateException.class));
        underLock(k.lock().writeLock(), () -> assertThat(k.deviceAttributes().storeSize(dev, "2097152\n").isOk()).isTrue());
        assertThat(dev.size()).isEqualTo(2L << 20);
    }

    private static void underLock(java.util.concurrent.locks.Lock lock, Runnable body) {
        lock.lock();
        try {
            body.run();
        } finally {
            lock.unlock();
        }
    }
}
