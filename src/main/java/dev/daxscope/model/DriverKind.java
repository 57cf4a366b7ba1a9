package dev.daxscope.model;

import java.util.Optional;

/** The drivers of the dax bus (R17; fsdev_dax since 7.x, R101), or none. */
public enum DriverKind {
    NONE(""),
    DEVICE_DAX("device_dax"),
    KMEM("kmem"),
    FSDEV_DAX("fsdev_dax");

    private final String sysfsName;

    DriverKind(String sysfsName) {
        this.sysfsName = sysfsName;
    }

    /** The driver's directory under /sys/bus/dax/drivers; "" for none. */
    public String sysfsName() {
        return sysfsName;
    }

    /** Whether a driver is bound at all. */
    public boolean bound() {
        return this != NONE;
    }

    /**
     * Whether this driver keeps the device's memory as ZONE_DEVICE pages behind its character
     * device (device_dax and fsdev_dax: reserved in iomem as daxR.N, the device alive), as
     * opposed to kmem, which hands the memory to the page allocator.
     */
    public boolean ownsDevicePages() {
        return this == DEVICE_DAX || this == FSDEV_DAX;
    }

    /**
     * daxctl 85's mode for a device bound to this driver (daxctl/json.c): "system-ram" (kmem),
     * "famfs" (fsdev_dax), else "devdax", also for an unbound device.
     */
    public String mode() {
        return switch (this) {
            case KMEM -> "system-ram";
            case FSDEV_DAX -> "famfs";
            case DEVICE_DAX, NONE -> "devdax";
        };
    }

    /** As the CLI prints a bound driver: fsdev_dax names its mode (famfs), which its name does not say. */
    public String label() {
        return this == FSDEV_DAX ? "fsdev_dax, famfs mode" : sysfsName;
    }

    /** The name sysfs shows, so that a driver prints as the kernel spells it. */
    @Override
    public String toString() {
        return sysfsName;
    }

    /** The bound driver named {@code name} ("" is none); empty for a name the dax bus does not have. */
    public static Optional<DriverKind> ofSysfsName(String name) {
        for (DriverKind k : values()) {
            if (k.sysfsName.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
