package dev.daxscope.sim.dax;

/** The two drivers of the dax bus (R17), or none. */
public enum DriverKind {
    NONE(""),
    DEVICE_DAX("device_dax"),
    KMEM("kmem");

    private final String sysfsName;

    DriverKind(String sysfsName) {
        this.sysfsName = sysfsName;
    }

    public String sysfsName() {
        return sysfsName;
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
