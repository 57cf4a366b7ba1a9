package dev.daxscope.sim.mm;

import dev.daxscope.model.DriverKind;
import dev.daxscope.sim.dax.DevDax;

/**
 * An open {@code /dev/daxX.Y} file description; {@code dev_dax} is its private data (R47).
 * {@code fops} is the driver whose file operations the open picked up from the cdev: device_dax's
 * map the device, fsdev_dax's have no mmap (R104). {@code cdevRegistration} is the registration of
 * the device's cdev that the file holds a reference to (R11).
 */
public record OpenFile(DevDax device, boolean writable, DriverKind fops, long cdevRegistration) {
}
