package dev.daxscope.sim.drivers;

import static dev.daxscope.sim.dax.DevDax.SZ_1G;
import static dev.daxscope.sim.dax.DevDax.SZ_2M;
import static dev.daxscope.sim.dax.DevDax.SZ_4K;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.dax.DaxRegion;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.DevDaxRange;
import dev.daxscope.sim.dax.PhysRange;
import dev.daxscope.sim.kmem.MemoryBlock;
import dev.daxscope.sim.lib.KernelParse;
import dev.daxscope.sim.state.KernelState;
import java.util.ArrayList;
import java.util.List;

/**
 * The device attributes bus.c stores: {@code size} (dev_dax_resize, R28-R30), {@code align}
 * (R33), {@code mapping} (R31, R32) and {@code memmap_on_memory} (R35). Each asserts the write
 * lock where bus.c's range helpers (alloc_dev_dax_range, adjust_dev_dax_range,
 * trim_dev_dax_range) have lockdep_assert_held_write on dax_region_rwsem and dax_dev_rwsem.
 */
public final class DeviceAttributes {
    /** memory_hotplug.memmap_on_memory, off as on Debian's kernels. */
    private static final boolean MEMMAP_ON_MEMORY_SUPPORTED = false;

    private final KernelState state;

    public DeviceAttributes(KernelState state) {
        this.state = state;
    }

    private static long maxAlign2M(long align) {
        return Math.max(align, SZ_2M);
    }

    /** R28 {@code size}, with R29 grow and R30 shrink. */
    public Outcome storeSize(DevDax dev, String buf) {
        // dev_dax_resize: alloc_dev_dax_range, adjust_dev_dax_range, trim_dev_dax_range lockdep_assert_held_write
        state.assertWriteLocked();
        KernelParse.Parsed v = KernelParse.kstrtoull(buf, 0);
        if (!v.ok()) {
            return Outcome.fail(v.error(), "R25", "'" + DaxBus.visible(buf) + "' is not a number the kernel parses (no unit suffixes)");
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
        state.bumpGeneration();
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
        state.assertWriteLocked();
        KernelParse.Parsed v = KernelParse.kstrtoull(buf, 0);
        if (!v.ok()) {
            return Outcome.fail(Errno.ENXIO, "R33", "'" + DaxBus.visible(buf) + "' is not a number (align maps parse errors to ENXIO)");
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
        state.bumpGeneration();
        return Outcome.ok();
    }

    /** R31 {@code mapping}: {@code start-end}, hex, inclusive; quirks kept. */
    public Outcome storeMapping(DevDax dev, String buf) {
        // alloc_dev_dax_range, devm_register_dax_mapping: lockdep_assert_held_write(&dax_region_rwsem)
        state.assertWriteLocked();
        String text = KernelParse.stripOneNewline(buf);
        int dash = text.indexOf('-');
        if (dash < 0) {
            return Outcome.fail(Errno.EINVAL, "R31", "a mapping is written as <start>-<end> in hex");
        }
        KernelParse.Parsed s = KernelParse.kstrtoull(text.substring(0, dash), 16);
        if (!s.ok()) {
            return Outcome.fail(s.error(), "R31", "start '" + DaxBus.visible(text.substring(0, dash)) + "' is not hex");
        }
        KernelParse.Parsed e = KernelParse.kstrtoull(text.substring(dash + 1), 16);
        if (!e.ok()) {
            return Outcome.fail(e.error(), "R31", "end '" + DaxBus.visible(text.substring(dash + 1)) + "' is not hex");
        }
        if (dev.region().removed()) {
            return Outcome.ok("the region's provider is gone: the kernel returns 0 bytes written");
        }
        long start = s.value();
        long end = e.value();
        long len = end - start + 1;
        if ((Long.compareUnsigned(end, start) < 0 || len % maxAlign2M(dev.align()) != 0)
                && state.profile().mappingUnalignedIsEnxio()) {
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
            state.warn(dev.name() + ": mapping written while bound to device_dax; new range has no struct pages (R32)");
        }
        state.bumpGeneration();
        return Outcome.ok();
    }

    /** R35 {@code memmap_on_memory}. */
    public Outcome storeMemmapOnMemory(DevDax dev, String buf) {
        state.assertWriteLocked();
        KernelParse.Parsed v = KernelParse.kstrtobool(buf);
        if (!v.ok()) {
            return Outcome.fail(Errno.EINVAL, "R35", "'" + DaxBus.visible(buf) + "' is not a boolean (1/y/on or 0/n/off)");
        }
        boolean val = v.value() == 1;
        if (val && !MEMMAP_ON_MEMORY_SUPPORTED) {
            return Outcome.fail(Errno.EOPNOTSUPP, "R35", "memory_hotplug.memmap_on_memory is not enabled on this system");
        }
        if (dev.driver() == DriverKind.KMEM && dev.memmapOnMemory() != val) {
            return Outcome.fail(Errno.EBUSY, "R35", dev.name() + " is bound to kmem; unbind it before changing memmap_on_memory");
        }
        dev.setMemmapOnMemory(val);
        state.bumpGeneration();
        return Outcome.ok();
    }

    /**
     * R107 {@code state} of a device bound to kmem (7.3): "online" when every memory block it
     * hot-added is online, else "offline".
     */
    public String kmemState(DevDax dev) {
        List<MemoryBlock> blocks = kmemBlocks(dev);
        return (!blocks.isEmpty() && blocks.stream().allMatch(MemoryBlock::online) ? "online" : "offline") + "\n";
    }

    /**
     * R107 writing {@code state} (7.3 guests): "online" onlines the device's offline blocks and
     * succeeds when all are online already; "online_movable" and "online_kernel" are EBUSY while
     * its memory is online; "offline" and any other word are EINVAL (the attribute does not
     * offline memory: daxctl offline-memory and the blocks' own state do).
     */
    public Outcome storeKmemState(DevDax dev, String buf) {
        state.assertWriteLocked();
        String word = KernelParse.stripOneNewline(buf);
        List<MemoryBlock> offline = kmemBlocks(dev).stream().filter(b -> !b.online()).toList();
        switch (word) {
            case "online", "online_movable", "online_kernel" -> {
                if (!word.equals("online") && offline.size() < kmemBlocks(dev).size()) {
                    return Outcome.fail(Errno.EBUSY, "R107", dev.name() + "'s memory is online; " + word
                            + " cannot move it to another zone");
                }
                offline.forEach(b -> state.memory().online(b, word));
                state.bumpGeneration();
                return Outcome.ok();
            }
            default -> {
                return Outcome.fail(Errno.EINVAL, "R107", "'" + DaxBus.visible(buf) + "' is not online, online_movable or "
                        + "online_kernel (the kmem state attribute does not offline memory)");
            }
        }
    }

    private List<MemoryBlock> kmemBlocks(DevDax dev) {
        long block = state.memory().blockSize();
        List<MemoryBlock> out = new ArrayList<>();
        for (PhysRange r : dev.hotplugged()) {
            for (long i = r.start() / block; i <= r.end() / block; i++) {
                MemoryBlock b = state.memory().blocks().get(i);
                if (b != null) {
                    out.add(b);
                }
            }
        }
        return out;
    }
}
