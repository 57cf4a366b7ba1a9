package dev.daxscope.sim.drivers;

import static dev.daxscope.sim.dax.DevDax.SZ_1G;
import static dev.daxscope.sim.dax.DevDax.SZ_2M;
import static dev.daxscope.sim.dax.DevDax.SZ_4K;

import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.lib.KernelParse;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.DevDaxRange;
import dev.daxscope.sim.dax.DriverKind;
import dev.daxscope.sim.dax.PhysRange;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.dax.DaxRegion;
import dev.daxscope.sim.dax.RegionKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dax bus (drivers/dax/bus.c) with the device_dax (device.c) and kmem (kmem.c) probes: every
 * sysfs store of regions, devices and drivers, in the kernel's order of checks, each refusal
 * with its rule. Callers hold the kernel's write lock (each store checks it, as lockdep would).
 */
public final class DaxBus {
    private static final Pattern CANONICAL_NAME = Pattern.compile("dax(\\d+)\\.(\\d+)");

    private final Kernel kernel;
    private final Map<DriverKind, Set<String>> newIds = new EnumMap<>(DriverKind.class);
    /** Whether memory_hotplug.memmap_on_memory is enabled (Debian's default is off). */
    private boolean memmapOnMemorySupported;

    public DaxBus(Kernel kernel) {
        this.kernel = kernel;
        newIds.put(DriverKind.DEVICE_DAX, new LinkedHashSet<>());
        newIds.put(DriverKind.KMEM, new LinkedHashSet<>());
    }

    public Set<String> newIds(DriverKind driver) {
        return newIds.get(driver);
    }

    public boolean memmapOnMemorySupported() {
        return memmapOnMemorySupported;
    }

    public void setMemmapOnMemorySupported(boolean supported) {
        this.memmapOnMemorySupported = supported;
    }

    private static long maxAlign2M(long align) {
        return Math.max(align, SZ_2M);
    }

    // ---------------------------------------------------------------- regions (providers)

    public Outcome createRegion(Kernel.RegionSpec spec) {
        kernel.assertWriteLocked();
        if (spec.align() <= 0 || spec.start() % spec.align() != 0 || spec.size() % spec.align() != 0 || spec.size() <= 0) {
            return Outcome.fail(Errno.ENOMEM, "R2", "region start 0x" + Long.toHexString(spec.start()) + " and size "
                    + spec.size() + " must be positive multiples of align " + spec.align());
        }
        int id = spec.id() != null ? spec.id() : lowestFreeRegionId();
        if (kernel.regions().containsKey(id)) {
            return Outcome.fail(Errno.EEXIST, "R1", "region id " + id + " is already taken");
        }
        long end = spec.start() + spec.size() - 1;
        for (DaxRegion other : kernel.regions().values()) {
            if (spec.start() <= other.end() && end >= other.start()) {
                return Outcome.fail(Errno.EBUSY, "R1", "region overlaps region " + other.id());
            }
        }
        RegionKind kind = spec.kind();
        boolean isStatic = kind == RegionKind.PMEM;
        boolean kmem = switch (kind) {
            case HMEM -> !spec.idle() && kernel.profile().hmemBindsKmem();
            case CXL -> true;
            default -> false;
        };
        String parent = spec.parentPath() != null ? spec.parentPath() : defaultParent(kind, id);
        DaxRegion region = new DaxRegion(id, spec.alias(), kind, parent, spec.start(), spec.size(), spec.align(),
                spec.targetNode(), isStatic, kmem);
        kernel.registerRegion(region);
        boolean fullSize = !(kind == RegionKind.DYNAMIC || (kind == RegionKind.HMEM && spec.idle()));
        int numaNode = spec.numaNode() != null ? spec.numaNode() : 0;
        DevDax dev = new DevDax(region, region.allocateDeviceId(), kernel.allocateMinor(), spec.align(),
                spec.targetNode(), numaNode, kind == RegionKind.CXL);
        region.devices().put(dev.id(), dev);
        if (fullSize) {
            dev.appendRange(spec.start(), end);
            // R20: provider devices with a size auto-probe against their default driver.
            DriverKind driver = kmem ? DriverKind.KMEM : DriverKind.DEVICE_DAX;
            Outcome probe = probe(dev, driver);
            if (!probe.isOk()) {
                kernel.warn(dev.name() + ": auto-probe by " + driver.sysfsName() + " failed: " + probe);
            }
        }
        kernel.bumpGeneration();
        return Outcome.ok(region.alias() == null ? "region" + id : region.alias());
    }

    private int lowestFreeRegionId() {
        int id = 0;
        while (kernel.regions().containsKey(id)) {
            id++;
        }
        return id;
    }

    private static String defaultParent(RegionKind kind, int id) {
        return switch (kind) {
            case HMEM -> "/platform/hmem." + id;
            case CXL -> "/platform/ACPI0017:00/root0/decoder0.0/region" + id + "/dax_region" + id;
            case PMEM -> "/platform/e820_pmem/ndbus0/region" + id + "/dax" + id + ".0";
            case DYNAMIC -> "/platform/dax_region." + id;
        };
    }

    /** R82: the provider goes away; devices leave in reverse creation order, each unbound first. */
    public Outcome removeRegion(DaxRegion region) {
        kernel.assertWriteLocked();
        List<DevDax> devs = new ArrayList<>(region.devices().values());
        for (int i = devs.size() - 1; i >= 0; i--) {
            DevDax d = devs.get(i);
            if (d.isBound()) {
                detach(d);
            }
            region.devices().remove(d.id());
            kernel.freeMinor(d.minor());
        }
        region.markRemoved();
        kernel.unregisterRegion(region);
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    // ---------------------------------------------------------------- region attributes

    /** R26 {@code create}. */
    public Outcome storeCreate(DaxRegion region, String buf) {
        kernel.assertWriteLocked();
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
        DevDax dev = new DevDax(region, region.allocateDeviceId(), kernel.allocateMinor(), region.align(),
                region.targetNode(), firstNuma(region), false);
        region.devices().put(dev.id(), dev);
        region.setYoungest(dev);
        if (region.seed() == null) {
            region.setSeed(dev);
        }
        kernel.bumpGeneration();
        return Outcome.ok("created " + dev.name());
    }

    private static int firstNuma(DaxRegion region) {
        return region.devices().isEmpty() ? 0 : region.devices().firstEntry().getValue().numaNode();
    }

    /** R27 {@code delete}. */
    public Outcome storeDelete(DaxRegion region, String buf) {
        kernel.assertWriteLocked();
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
        kernel.freeMinor(dev.minor());
        if (region.seed() == dev) {
            region.setSeed(null);
        }
        if (region.youngest() == dev) {
            region.setYoungest(null);
        }
        kernel.bumpGeneration();
        return Outcome.ok("deleted " + dev.name());
    }

    // ---------------------------------------------------------------- device attributes

    /** R28 {@code size}, with R29 grow and R30 shrink. */
    public Outcome storeSize(DevDax dev, String buf) {
        kernel.assertWriteLocked();
        KernelParse.Parsed v = KernelParse.kstrtoull(buf, 0);
        if (!v.ok()) {
            return Outcome.fail(v.error(), "R25", "'" + visible(buf) + "' is not a number the kernel parses (no unit suffixes)");
        }
        long val = v.value();
        long unit = maxAlign2M(dev.align());
        if (Long.remainderUnsigned(val, unit) != 0) {
            return Outcome.fail(Errno.EINVAL, "R28", "size " + Long.toUnsignedString(val) + " is not a multiple of "
                    + (dev.align() >= SZ_2M ? "the device align " + unit : unit + " (2M: sizes move in 2M steps even for a 4K align)"));
        }
        if (dev.region().removed()) {
            return Outcome.fail(Errno.ENXIO, "R28", "the region's provider is gone");
        }
        if (dev.isBound()) {
            return Outcome.fail(Errno.EBUSY, "R28", dev.name() + " is bound to " + dev.driver().sysfsName()
                    + "; unbind it before resizing");
        }
        long cur = dev.size();
        if (val == cur) {
            return Outcome.ok("size unchanged");
        }
        if (Long.compareUnsigned(val, cur) > 0) {
            long need = val - cur;
            long avail = dev.region().availableSize();
            if (Long.compareUnsigned(need, avail) > 0) {
                return Outcome.fail(Errno.ENOSPC, "R28", "growing " + dev.name() + " by " + need + " needs more than the "
                        + avail + " bytes available in region " + dev.region().id());
            }
            grow(dev, need);
        } else {
            shrink(dev, cur - val);
        }
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    /** R29: first fit in address order; extend this device's last range in place when it borders the gap. */
    private void grow(DevDax dev, long need) {
        DaxRegion region = dev.region();
        while (need > 0) {
            List<DaxRegion.Child> children = region.children();
            if (children.isEmpty()) {
                dev.appendRange(region.start(), region.start() + need - 1);
                return;
            }
            DaxRegion.Child first = children.get(0);
            if (first.range().start() > region.start()) {
                long take = Math.min(first.range().start() - region.start(), need);
                dev.appendRange(region.start(), region.start() + take - 1);
                need -= take;
                continue;
            }
            boolean progressed = false;
            for (int i = 0; i < children.size(); i++) {
                DaxRegion.Child c = children.get(i);
                long gapEnd = i + 1 < children.size() ? children.get(i + 1).range().start() : region.end() + 1;
                long gap = gapEnd - (c.range().end() + 1);
                if (gap <= 0) {
                    continue;
                }
                long take = Math.min(gap, need);
                DevDaxRange last = dev.ranges().isEmpty() ? null : dev.ranges().get(dev.ranges().size() - 1);
                if (c.owner() == dev && last != null && last.start() == c.range().start() && last.end() == c.range().end()) {
                    dev.replaceLastRange(last.withEnd(last.end() + take));
                } else {
                    dev.appendRange(c.range().end() + 1, c.range().end() + take);
                }
                need -= take;
                progressed = true;
                break;
            }
            if (!progressed) {
                return;
            }
        }
    }

    /** R30: cut from the last range backwards. */
    private void shrink(DevDax dev, long cut) {
        while (cut > 0 && !dev.ranges().isEmpty()) {
            DevDaxRange last = dev.ranges().get(dev.ranges().size() - 1);
            if (cut >= last.length()) {
                cut -= last.length();
                dev.removeLastRange();
            } else {
                dev.replaceLastRange(last.withEnd(last.end() - cut));
                cut = 0;
            }
        }
    }

    /** R33 {@code align}. */
    public Outcome storeAlign(DevDax dev, String buf) {
        kernel.assertWriteLocked();
        KernelParse.Parsed v = KernelParse.kstrtoull(buf, 0);
        if (!v.ok()) {
            return Outcome.fail(Errno.ENXIO, "R33", "'" + visible(buf) + "' is not a number (align maps parse errors to ENXIO)");
        }
        long val = v.value();
        if (val != SZ_4K && val != SZ_2M && val != SZ_1G) {
            return Outcome.fail(Errno.EINVAL, "R33", "align " + Long.toUnsignedString(val)
                    + " is not one of 4096, 2097152, 1073741824");
        }
        if (dev.region().removed()) {
            return Outcome.fail(Errno.ENXIO, "R33", "the region's provider is gone");
        }
        if (dev.isBound()) {
            return Outcome.fail(Errno.EBUSY, "R33", dev.name() + " is bound to " + dev.driver().sysfsName()
                    + "; unbind it before changing align");
        }
        long unit = maxAlign2M(val);
        for (DevDaxRange r : dev.ranges()) {
            if (r.length() % unit != 0) {
                return Outcome.fail(Errno.EINVAL, "R33", "range " + KernelParse.hex(r.start()) + "-" + KernelParse.hex(r.end())
                        + " of " + r.length() + " bytes is not a multiple of " + unit);
            }
        }
        dev.setAlign(val);
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    /** R31 {@code mapping}: {@code start-end}, hex, inclusive; quirks kept. */
    public Outcome storeMapping(DevDax dev, String buf) {
        kernel.assertWriteLocked();
        String text = KernelParse.stripOneNewline(buf);
        int dash = text.indexOf('-');
        if (dash < 0) {
            return Outcome.fail(Errno.EINVAL, "R31", "a mapping is written as <start>-<end> in hex");
        }
        KernelParse.Parsed s = KernelParse.kstrtoull(text.substring(0, dash), 16);
        if (!s.ok()) {
            return Outcome.fail(s.error(), "R31", "start '" + visible(text.substring(0, dash)) + "' is not hex");
        }
        KernelParse.Parsed e = KernelParse.kstrtoull(text.substring(dash + 1), 16);
        if (!e.ok()) {
            return Outcome.fail(e.error(), "R31", "end '" + visible(text.substring(dash + 1)) + "' is not hex");
        }
        if (dev.region().removed()) {
            return Outcome.ok("the region's provider is gone: the kernel returns 0 bytes written");
        }
        long start = s.value();
        long end = e.value();
        long len = end - start + 1;
        if ((Long.compareUnsigned(end, start) < 0 || len % maxAlign2M(dev.align()) != 0)
                && kernel.profile().mappingUnalignedIsEnxio()) {
            return Outcome.fail(Errno.ENXIO, "R31", "length " + len + " is not a multiple of " + maxAlign2M(dev.align())
                    + " (kernels before the 6.9 dax-bus locking change report ENXIO here)");
        }
        if (Long.compareUnsigned(end, start) < 0 || len % maxAlign2M(dev.align()) != 0) {
            return Outcome.ok("ignored: length " + len + " is not a multiple of " + maxAlign2M(dev.align())
                    + " (the kernel reports success and does nothing, R31)");
        }
        DaxRegion region = dev.region();
        if (Long.compareUnsigned(start, region.start()) < 0 || Long.compareUnsigned(end, region.end()) > 0) {
            return Outcome.fail(Errno.ENOMEM, "R31", "range is outside region " + region.id() + " ("
                    + KernelParse.hex(region.start()) + "-" + KernelParse.hex(region.end()) + ")");
        }
        for (DaxRegion.Child c : region.children()) {
            if (start <= c.range().end() && end >= c.range().start()) {
                return Outcome.fail(Errno.ENOMEM, "R31", "range overlaps " + c.owner().name() + "'s range "
                        + KernelParse.hex(c.range().start()) + "-" + KernelParse.hex(c.range().end()));
            }
        }
        dev.appendRange(start, end);
        if (dev.driver() == DriverKind.DEVICE_DAX) {
            // R32: the page map and cdev still cover only the ranges present at probe time.
            dev.setInconsistent(true);
            kernel.warn(dev.name() + ": mapping written while bound to device_dax; new range has no struct pages (R32)");
        }
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    /** R35 {@code memmap_on_memory}. */
    public Outcome storeMemmapOnMemory(DevDax dev, String buf) {
        kernel.assertWriteLocked();
        KernelParse.Parsed v = KernelParse.kstrtobool(buf);
        if (!v.ok()) {
            return Outcome.fail(Errno.EINVAL, "R35", "'" + visible(buf) + "' is not a boolean (1/y/on or 0/n/off)");
        }
        boolean val = v.value() == 1;
        if (val && !memmapOnMemorySupported) {
            return Outcome.fail(Errno.EOPNOTSUPP, "R35", "memory_hotplug.memmap_on_memory is not enabled on this system");
        }
        if (dev.driver() == DriverKind.KMEM && dev.memmapOnMemory() != val) {
            return Outcome.fail(Errno.EBUSY, "R35", dev.name() + " is bound to kmem; unbind it before changing memmap_on_memory");
        }
        dev.setMemmapOnMemory(val);
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    // ---------------------------------------------------------------- drivers

    /** R18 matching. */
    public boolean matches(DevDax dev, DriverKind driver) {
        if (newIds.get(driver).contains(dev.name())) {
            return true;
        }
        DriverKind defaultDriver = dev.region().kmemDefault() ? DriverKind.KMEM : DriverKind.DEVICE_DAX;
        return driver == defaultDriver;
    }

    /** R36 {@code bind}. */
    public Outcome storeBind(DriverKind driver, String buf) {
        kernel.assertWriteLocked();
        String name = KernelParse.stripOneNewline(buf);
        DevDax dev = kernel.device(name).orElse(null);
        if (dev == null) {
            return kernel.noSuchDevice(name);
        }
        if (!matches(dev, driver)) {
            DriverKind other = driver == DriverKind.KMEM ? DriverKind.DEVICE_DAX : DriverKind.KMEM;
            return Outcome.fail(Errno.ENODEV, "R39", dev.name() + " does not match " + driver.sysfsName() + " (region "
                    + dev.region().id() + " defaults to " + other.sysfsName() + "); write " + dev.name() + " to "
                    + driver.sysfsName() + "/new_id first");
        }
        if (dev.isBound()) {
            return Outcome.fail(Errno.EBUSY, "R36", dev.name() + " is already bound to " + dev.driver().sysfsName());
        }
        Outcome o = probe(dev, driver);
        kernel.bumpGeneration();
        return o;
    }

    /** R19 bus probe, then the driver's probe. */
    public Outcome probe(DevDax dev, DriverKind driver) {
        kernel.assertWriteLocked();
        if (dev.size() == 0) {
            return Outcome.fail(Errno.ENXIO, "R19", dev.name() + " has size 0; give it a size first");
        }
        Outcome o = driver == DriverKind.DEVICE_DAX ? probeDeviceDax(dev) : probeKmem(dev);
        if (o.isOk() && !dev.region().isStatic() && dev.region().seed() == dev) {
            dev.region().setSeed(null);
        }
        return o;
    }

    /** R78 (with R12, R34, R83): what a successful device_dax bind does, in order. */
    private Outcome probeDeviceDax(DevDax dev) {
        if (dev.region().isStatic() && dev.ranges().size() != 1) {
            return Outcome.fail(Errno.EINVAL, "R12", "static devices must have exactly one range");
        }
        if (!dev.region().isStatic() && dev.stalePgmap()) {
            return Outcome.fail(Errno.EINVAL, "R83", dev.name() + " has a stale page map from a failed probe (6.15.x); "
                    + "delete and recreate the device");
        }
        boolean setsPgmapEarly = kernel.profile().quirks615() && !dev.region().isStatic();
        for (DevDaxRange r : dev.ranges()) {
            if (rangeReservedByKmem(dev, r)) {
                if (setsPgmapEarly) {
                    dev.setStalePgmap(true);
                }
                return Outcome.fail(Errno.EBUSY, "R78", "range " + KernelParse.hex(r.start()) + "-" + KernelParse.hex(r.end())
                        + " is still reserved by kmem (its memory could not be hot-removed)");
            }
        }
        for (DevDaxRange r : dev.ranges()) {
            if (kernel.memory().overlapsBootRam(r.start(), r.end())) {
                if (setsPgmapEarly) {
                    dev.setStalePgmap(true);
                }
                return Outcome.fail(Errno.ENXIO, "R78", "range " + KernelParse.hex(r.start()) + " overlaps System RAM");
            }
            if (r.start() % SZ_2M != 0) {
                if (setsPgmapEarly) {
                    dev.setStalePgmap(true);
                }
                return Outcome.fail(Errno.EINVAL, "R34", "range start " + KernelParse.hex(r.start())
                        + " is not 2M-aligned; memory hot-add refuses it");
            }
        }
        if (dev.align() == SZ_1G) {
            for (DevDaxRange r : dev.ranges()) {
                if (r.start() % SZ_1G != 0) {
                    kernel.warn(dev.name() + ": 1G align but range " + KernelParse.hex(r.start())
                            + " is not 1G-aligned physically; PUD faults are kernel-undefined (R98)");
                }
            }
        }
        dev.createFolios(kernel.bumpGeneration());
        dev.setDriver(DriverKind.DEVICE_DAX);
        dev.setInconsistent(false);
        dev.setAlive(true);
        return Outcome.ok();
    }

    private boolean rangeReservedByKmem(DevDax dev, DevDaxRange r) {
        for (PhysRange leaked : dev.leakedKmemRanges()) {
            if (leaked.overlaps(r.start(), r.end())) {
                return true;
            }
        }
        return false;
    }

    /** R84-R87: kmem probe. */
    private Outcome probeKmem(DevDax dev) {
        if (dev.targetNode() < 0) {
            return Outcome.fail(Errno.EINVAL, "R84", dev.name() + " has no target node (target_node < 0)");
        }
        MemoryHotplug memory = kernel.memory();
        long block = memory.blockSize();
        List<PhysRange> subRanges = new ArrayList<>();
        for (DevDaxRange r : dev.ranges()) {
            long s = (r.start() + block - 1) / block * block;
            long e = (r.end() + 1) / block * block - 1;
            if (e > s) {
                subRanges.add(new PhysRange(s, e));
            }
        }
        if (subRanges.isEmpty()) {
            return Outcome.fail(Errno.EINVAL, "R84", dev.name() + " has no memory left after aligning its ranges to the "
                    + (block >> 20) + "M memory block size");
        }
        List<PhysRange> added = new ArrayList<>();
        for (PhysRange sr : subRanges) {
            boolean conflict = dev.leakedKmemRanges().stream().anyMatch(l -> l.overlaps(sr.start(), sr.end()))
                    || memory.overlapsBootRam(sr.start(), sr.end());
            if (conflict) {
                if (added.isEmpty()) {
                    return Outcome.fail(Errno.EBUSY, "R86", "range " + KernelParse.hex(sr.start()) + " is already in use");
                }
                continue;
            }
            memory.addMemory(sr.start(), sr.end(), dev.targetNode(), dev.name());
            added.add(sr);
        }
        dev.hotplugged().clear();
        dev.hotplugged().addAll(added);
        kernel.tiers().kmemBound(dev.targetNode());
        dev.setDriver(DriverKind.KMEM);
        return Outcome.ok();
    }

    /** R37 {@code unbind}. */
    public Outcome storeUnbind(DriverKind driver, String buf) {
        kernel.assertWriteLocked();
        String name = KernelParse.stripOneNewline(buf);
        DevDax dev = kernel.device(name).orElse(null);
        if (dev == null) {
            return kernel.noSuchDevice(name);
        }
        if (dev.driver() != driver) {
            return Outcome.fail(Errno.ENODEV, "R37", dev.name() + " is not bound to " + driver.sysfsName()
                    + (dev.isBound() ? " (it is bound to " + dev.driver().sysfsName() + ")" : " (it is unbound)"));
        }
        detach(dev);
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    /** Driver removal; cannot fail (R37). device_dax: R79; kmem: R88. */
    public void detach(DevDax dev) {
        kernel.assertWriteLocked();
        if (dev.driver() == DriverKind.DEVICE_DAX) {
            dev.setAlive(false);
            kernel.srcu().synchronize();
            kernel.mm().zapDevice(dev);
            if (kernel.profile().quirks615()) {
                dev.setStalePgmap(false);
            }
            dev.dropFolios();
        } else if (dev.driver() == DriverKind.KMEM) {
            List<PhysRange> leaked = new ArrayList<>();
            for (PhysRange r : dev.hotplugged()) {
                if (!kernel.memory().removeMemory(r.start(), r.end()).isOk()) {
                    leaked.add(r);
                    kernel.warn(dev.name() + ": memory " + KernelParse.hex(r.start()) + "-" + KernelParse.hex(r.end())
                            + " is online and cannot be hot-removed until the next reboot (R88)");
                }
            }
            dev.leakedKmemRanges().addAll(leaked);
            dev.hotplugged().clear();
            kernel.tiers().kmemUnbound(dev.targetNode(), leaked.isEmpty());
        }
        dev.setDriver(DriverKind.NONE);
    }

    /** R38 {@code new_id}. */
    public Outcome storeNewId(DriverKind driver, String buf) {
        kernel.assertWriteLocked();
        String name = KernelParse.stripOneNewline(buf);
        Outcome bad = checkCanonical(name);
        if (bad != null) {
            return bad;
        }
        newIds.get(driver).add(name);
        for (DevDax dev : kernel.devices()) {
            if (!dev.isBound() && matches(dev, driver) && dev.size() > 0) {
                Outcome o = probe(dev, driver);
                if (!o.isOk()) {
                    kernel.warn(dev.name() + ": attach after new_id failed: " + o);
                }
            }
        }
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    /** R38 {@code remove_id}: absent names are a silent success. */
    public Outcome storeRemoveId(DriverKind driver, String buf) {
        kernel.assertWriteLocked();
        String name = KernelParse.stripOneNewline(buf);
        Outcome bad = checkCanonical(name);
        if (bad != null) {
            return bad;
        }
        newIds.get(driver).remove(name);
        kernel.bumpGeneration();
        return Outcome.ok();
    }

    private static Outcome checkCanonical(String name) {
        Matcher m = CANONICAL_NAME.matcher(name);
        if (!m.matches() || name.length() > 30) {
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
