package dev.daxscope.sim.drivers;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.dax.DevDax;

/**
 * A driver on the dax bus, as {@code struct dax_device_driver}: the bus matches a device to it,
 * then calls its probe; unbind and region teardown call its remove. Both run under the kernel's
 * write lock (the bus asserts it).
 */
public interface DaxDriver {
    /** Which driver this is (its {@code type}, and the name under {@code /sys/bus/dax/drivers}). */
    DriverKind kind();

    /** Binds {@code dev}; on success the device's driver is this one. */
    Outcome probe(DevDax dev);

    /** Unbinds {@code dev}; cannot fail (R37). The bus clears the device's driver afterwards. */
    void remove(DevDax dev);
}
