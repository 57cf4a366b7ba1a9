package dev.daxscope.sim.drivers;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.RegionKind;
import dev.daxscope.sim.dax.DaxRegion;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.RegionSpec;
import dev.daxscope.sim.lib.KernelParse;
import dev.daxscope.sim.state.KernelState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dax bus (drivers/dax/bus.c): regions as their providers create and remove them, the region
 * stores {@code create} and {@code delete}, and the driver stores {@code bind}, {@code unbind},
 * {@code new_id}, {@code remove_id}, matching and probing through {@link DaxDriver}; the device
 * stores are in {@link DeviceAttributes}. In the kernel's order of checks, each refusal with its
 * rule. Callers hold the kernel's write lock (each store checks it, as lockdep would).
 */
public final class DaxBus {
    private static final Pattern CANONICAL_NAME = Pattern.compile("dax(\\d+)\\.(\\d+)");

    private final KernelState state;
    private final Map<DriverKind, DaxDriver> drivers = new EnumMap<>(DriverKind.class);
    private final Map<DriverKind, Set<String>> newIds = new EnumMap<>(DriverKind.class);

    /** The bus with its drivers registered (dax_driver_register). */
    public DaxBus(KernelState state, List<DaxDriver> registered) {
        this.state = state;
        for (DaxDriver d : registered) {
            drivers.put(d.kind(), d);
            newIds.put(d.kind(), new LinkedHashSet<>());
        }
    }

    public Set<String> newIds(DriverKind driver) {
        return newIds.get(driver);
    }

    /** The registered drivers, in registration order (the directories under /sys/bus/dax/drivers). */
    public List<DriverKind> registered() {
        return List.copyOf(drivers.keySet());
    }

    // ---------------------------------------------------------------- regions (providers)

    public Outcome createRegion(RegionSpec spec) {
        state.assertWriteLocked();
        if (spec.align() <= 0 || spec.start() % spec.align() != 0 || spec.size() % spec.align() != 0 || spec.size() <= 0) {
            return Outcome.fail(Errno.ENOMEM, "R2", "region start 0x" + Long.toHexString(spec.start()) + " and size "
                    + spec.size() + " must be positive multiples of align " + spec.align());
        }
        int id = spec.id() != null ? spec.id() : lowestFreeRegionId();
        if (state.regions().containsKey(id)) {
            return Outcome.fail(Errno.EEXIST, "R1", "region id " + id + " is already taken");
        }
        long end = spec.start() + spec.size() - 1;
        for (DaxRegion other : state.regions().values()) {
            if (spec.start() <= other.end() && end >= other.start()) {
                return Outcome.fail(Errno.EBUSY, "R1", "region overlaps region " + other.id());
            }
        }
        RegionKind kind = spec.kind();
        boolean isStatic = kind == RegionKind.PMEM;
        boolean kmem = switch (kind) {
            case HMEM -> !spec.idle() && state.profile().hmemBindsKmem();
            case CXL -> true;
            default -> false;
        };
        String parent = spec.parentPath() != null ? spec.parentPath() : defaultParent(kind, id);
        DaxRegion region = new DaxRegion(id, spec.alias(), kind, parent, spec.start(), spec.size(), spec.align(),
                spec.targetNode(), isStatic, kmem);
        state.registerRegion(region);
        boolean fullSize = !(kind == RegionKind.DYNAMIC || (kind == RegionKind.HMEM && spec.idle()));
        int numaNode = spec.numaNode() != null ? spec.numaNode() : 0;
        DevDax dev = new DevDax(region, region.allocateDeviceId(), state.allocateMinor(), spec.align(),
                spec.targetNode(), numaNode, kind == RegionKind.CXL);
        region.devices().put(dev.id(), dev);
        if (fullSize) {
            dev.appendRange(spec.start(), end);
            // R20: provider devices with a size auto-probe against their default driver.
            DriverKind driver = kmem ? DriverKind.KMEM : DriverKind.DEVICE_DAX;
            Outcome probe = probe(dev, driver);
            if (!probe.isOk()) {
                state.warn(dev.name() + ": auto-probe by " + driver.sysfsName() + " failed: " + probe);
            }
        }
        state.bumpGeneration();
        return Outcome.ok(region.alias() == null ? "region" + id : region.alias());
    }

    private int lowestFreeRegionId() {
        int id = 0;
        while (state.regions().containsKey(id)) {
            id++;
        }
        return id;
    }

    private String defaultParent(RegionKind kind, int id) {
        return switch (kind) {
            case HMEM -> state.profile().hmemParent(id);
            case CXL -> "/platform/ACPI0017:00/root0/decoder0.0/region" + id + "/dax_region" + id;
            case PMEM -> "/platform/e820_pmem/ndbus0/region" + id + "/dax" + id + ".0";
            case DYNAMIC -> "/platform/dax_region." + id;
        };
    }

    /** R82: the provider goes away; devices leave in reverse creation order, each unbound first. */
    public Outcome removeRegion(DaxRegion region) {
        // __unregister_dax_mapping: lockdep_assert_held_write(&dax_region_rwsem)
        state.assertWriteLocked();
        List<DevDax> devs = new ArrayList<>(region.devices().values());
        for (int i = devs.size() - 1; i >= 0; i--) {
            DevDax d = devs.get(i);
            if (d.isBound()) {
                detach(d);
            }
            region.devices().remove(d.id());
            state.freeMinor(d.minor());
        }
        region.markRemoved();
        state.unregisterRegion(region);
        state.bumpGeneration();
        return Outcome.ok();
    }

    // ---------------------------------------------------------------- region attributes

    /** R26 {@code create}. */
    public Outcome storeCreate(DaxRegion region, String buf) {
        // create_store -> alloc_dev_dax_range: lockdep_assert_held_write(&dax_region_rwsem)
        state.assertWriteLocked();
        if (region.isStatic()) {
            return Outcome.fail(Errno.EINVAL, "R26", "static regions cannot create devices");
        }
        KernelParse.Parsed v = KernelParse.kstrtoll(buf);
        if (!v.ok()) {
            return Outcome.fail(v.error(), "R25", "'" + visible(buf) + "' is not an integer");
        }
        if (v.value() != 1) {
            return Outcome.fail(Errno.EINVAL, "R26", "only 1 may be written to create");
        }
        if (region.availableSize() == 0) {
            return Outcome.fail(Errno.ENOSPC, "R26", "region " + region.id() + " has no available space");
        }
        DevDax dev = new DevDax(region, region.allocateDeviceId(), state.allocateMinor(), region.align(),
                region.targetNode(), firstNuma(region), false);
        region.devices().put(dev.id(), dev);
        region.setYoungest(dev);
        if (region.seed() == null) {
            region.setSeed(dev);
        }
        state.bumpGeneration();
        return Outcome.ok("created " + dev.name());
    }

    private static int firstNuma(DaxRegion region) {
        return region.devices().isEmpty() ? 0 : region.devices().firstEntry().getValue().numaNode();
    }

    /** R27 {@code delete}. */
    public Outcome storeDelete(DaxRegion region, String buf) {
        // __free_dev_dax_id: lockdep_assert_held_write(&dax_dev_rwsem)
        state.assertWriteLocked();
        if (region.isStatic()) {
            return Outcome.fail(Errno.EINVAL, "R27", "static regions cannot delete devices");
        }
        String name = KernelParse.stripOneNewline(buf);
        DevDax dev = region.devices().values().stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
        if (dev == null) {
            return Outcome.fail(Errno.ENXIO, "R27", "region " + region.id() + " has no device named '" + visible(name) + "'");
        }
        if (dev.isBound()) {
            return Outcome.fail(Errno.EBUSY, "R27", dev.name() + " is bound to " + dev.driver().sysfsName() + "; unbind it first");
        }
        if (dev.size() != 0) {
            return Outcome.fail(Errno.EBUSY, "R27", dev.name() + " still has size " + dev.size() + "; write 0 to its size first");
        }
        if (dev.id() == 0) {
            return Outcome.fail(Errno.EBUSY, "R27", dev.name() + " is device 0, which is never deleted");
        }
        region.devices().remove(dev.id());
        region.freeDeviceId(dev.id());
        state.freeMinor(dev.minor());
        if (region.seed() == dev) {
            region.setSeed(null);
        }
        if (region.youngest() == dev) {
            region.setYoungest(null);
        }
        state.bumpGeneration();
        return Outcome.ok("deleted " + dev.name());
    }

    // ---------------------------------------------------------------- drivers

    /** R18 matching; fsdev_dax matches by its id list only (R102). */
    public boolean matches(DevDax dev, DriverKind driver) {
        Set<String> ids = newIds.get(driver);
        if (ids == null) {
            return false; // a driver this kernel does not have (fsdev_dax before 7.x) matches nothing
        }
        if (ids.contains(dev.name())) {
            return true;
        }
        return driver == defaultDriver(dev);
    }

    /** The driver whose type matches the device's region (dax_match_type): kmem for KMEM regions, else device_dax. */
    private static DriverKind defaultDriver(DevDax dev) {
        return dev.region().kmemDefault() ? DriverKind.KMEM : DriverKind.DEVICE_DAX;
    }

    /** R36 {@code bind}. */
    public Outcome storeBind(DriverKind driver, String buf) {
        state.assertWriteLocked();
        String name = KernelParse.stripOneNewline(buf);
        DevDax dev = state.device(name).orElse(null);
        if (dev == null) {
            return state.noSuchDevice(name);
        }
        if (!matches(dev, driver)) {
            String why = driver == DriverKind.FSDEV_DAX ? "fsdev_dax matches only the devices in its id list"
                    : "region " + dev.region().id() + " defaults to " + defaultDriver(dev).sysfsName();
            return Outcome.fail(Errno.ENODEV, driver == DriverKind.FSDEV_DAX ? "R102" : "R39", dev.name()
                    + " does not match " + driver.sysfsName() + " (" + why + "); write " + dev.name() + " to "
                    + driver.sysfsName() + "/new_id first");
        }
        if (dev.isBound()) {
            return Outcome.fail(Errno.EBUSY, "R36", dev.name() + " is already bound to " + dev.driver().sysfsName());
        }
        Outcome o = probe(dev, driver);
        state.bumpGeneration();
        return o;
    }

    /** R19 bus probe, then the driver's probe. */
    public Outcome probe(DevDax dev, DriverKind driver) {
        state.assertWriteLocked();
        if (dev.size() == 0) {
            return Outcome.fail(Errno.ENXIO, "R19", dev.name() + " has size 0; give it a size first");
        }
        Outcome o = drivers.get(driver).probe(dev);
        if (o.isOk() && !dev.region().isStatic() && dev.region().seed() == dev) {
            dev.region().setSeed(null);
        }
        return o;
    }

    /** R37 {@code unbind}. */
    public Outcome storeUnbind(DriverKind driver, String buf) {
        state.assertWriteLocked();
        String name = KernelParse.stripOneNewline(buf);
        DevDax dev = state.device(name).orElse(null);
        if (dev == null) {
            return state.noSuchDevice(name);
        }
        if (dev.driver() != driver) {
            return Outcome.fail(Errno.ENODEV, "R37", dev.name() + " is not bound to " + driver.sysfsName()
                    + (dev.isBound() ? " (it is bound to " + dev.driver().sysfsName() + ")" : " (it is unbound)"));
        }
        detach(dev);
        state.bumpGeneration();
        return Outcome.ok();
    }

    /** dax_bus_remove: the bound driver's remove, which cannot fail (R37); device_dax: R79, kmem: R88. */
    public void detach(DevDax dev) {
        state.assertWriteLocked();
        DaxDriver bound = drivers.get(dev.driver());
        if (bound != null) {
            bound.remove(dev);
        }
        dev.setDriver(DriverKind.NONE);
    }

    /** R38 {@code new_id}. */
    public Outcome storeNewId(DriverKind driver, String buf) {
        state.assertWriteLocked();
        String name = KernelParse.stripOneNewline(buf);
        Outcome bad = checkCanonical(name);
        if (bad != null) {
            return bad;
        }
        newIds.get(driver).add(name);
        for (DevDax dev : state.devices()) {
            if (!dev.isBound() && matches(dev, driver) && dev.size() > 0) {
                Outcome o = probe(dev, driver);
                if (!o.isOk()) {
                    state.warn(dev.name() + ": attach after new_id failed: " + o);
                }
            }
        }
        state.bumpGeneration();
        return Outcome.ok();
    }

    /** R38 {@code remove_id}: absent names are a silent success. */
    public Outcome storeRemoveId(DriverKind driver, String buf) {
        state.assertWriteLocked();
        String name = KernelParse.stripOneNewline(buf);
        Outcome bad = checkCanonical(name);
        if (bad != null) {
            return bad;
        }
        newIds.get(driver).remove(name);
        state.bumpGeneration();
        return Outcome.ok();
    }

    /** drivers/dax/bus.c: the longest device name new_id and remove_id accept. */
    private static final int DAX_NAME_LEN = 30;

    private static Outcome checkCanonical(String name) {
        Matcher m = CANONICAL_NAME.matcher(name);
        if (!m.matches() || name.length() > DAX_NAME_LEN) {
            return Outcome.fail(Errno.EINVAL, "R38", "'" + visible(name) + "' is not a device name of the form daxR.D");
        }
        try {
            String canonical = "dax" + Integer.parseInt(m.group(1)) + "." + Integer.parseInt(m.group(2));
            if (!canonical.equals(name)) {
                return Outcome.fail(Errno.EINVAL, "R38", "'" + name + "' is not canonical (the kernel re-prints it as "
                        + canonical + ")");
            }
        } catch (NumberFormatException e) {
            return Outcome.fail(Errno.EINVAL, "R38", "'" + name + "' has an out-of-range number");
        }
        return null;
    }

    /** Control characters in echoed values, for messages. */
    static String visible(String s) {
        String t = KernelParse.stripOneNewline(s);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < t.length() && i < 64; i++) {
            char c = t.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (t.length() > 64) {
            b.append("...");
        }
        return b.toString();
    }
}
