package dev.daxscope.sim.dax;

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

    public String sysfsName() {
        return sysfsName;
    }

    /**
     * Whether this driver keeps the device's memory as ZONE_DEVICE pages behind its character
     * device (device_dax and fsdev_dax: reserved in iomem as daxR.N, the device alive), as
     * opposed to kmem, which hands the memory to the page allocator.
     */
    public boolean ownsDevicePages() {
        return this == DEVICE_DAX || this == FSDEV_DAX;
    }

    public static DriverKind ofName(String name) {
        for (DriverKind k : values()) {
            if (k != NONE && k.sysfsName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
