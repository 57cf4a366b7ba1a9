package dev.daxscope.sim.drivers;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Errno;
import dev.daxscope.model.KmemAlignment;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.DevDaxRange;
import dev.daxscope.sim.dax.PhysRange;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.lib.KernelParse;
import dev.daxscope.sim.state.KernelState;
import java.util.ArrayList;
import java.util.List;

/**
 * The kmem driver (drivers/dax/kmem.c): probe hot-adds the device's memory-block-aligned ranges
 * to its target node (R84-R87), remove hot-removes them, leaving online memory behind (R88).
 */
public final class KmemDriver implements DaxDriver {
    private final KernelState state;

    public KmemDriver(KernelState state) {
        this.state = state;
    }

    @Override
    public DriverKind kind() {
        return DriverKind.KMEM;
    }

    /** dev_dax_kmem_probe (R84-R87). */
    @Override
    public Outcome probe(DevDax dev) {
        if (dev.targetNode() < 0) {
            return Outcome.fail(Errno.EINVAL, "R84", dev.name() + " has no target node (target_node < 0)");
        }
        MemoryHotplug memory = state.memory();
        long block = memory.blockSize();
        List<PhysRange> subRanges = new ArrayList<>();
        for (DevDaxRange r : dev.ranges()) {
            KmemAlignment.hotplugRange(r.start(), r.end(), block).ifPresent(x -> subRanges.add(new PhysRange(x[0], x[1])));
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
        state.tiers().kmemBound(dev.targetNode());
        dev.setDriver(DriverKind.KMEM);
        return Outcome.ok();
    }

    /** dev_dax_kmem_remove (R88): memory that cannot be hot-removed stays online and reserved until reboot. */
    @Override
    public void remove(DevDax dev) {
        List<PhysRange> leaked = new ArrayList<>();
        for (PhysRange r : dev.hotplugged()) {
            if (!state.memory().removeMemory(r.start(), r.end()).isOk()) {
                leaked.add(r);
                state.warn(dev.name() + ": memory " + KernelParse.hex(r.start()) + "-" + KernelParse.hex(r.end())
                        + " is online and cannot be hot-removed until the next reboot (R88)");
            }
        }
        dev.leakedKmemRanges().addAll(leaked);
        dev.hotplugged().clear();
        state.tiers().kmemUnbound(dev.targetNode(), leaked.isEmpty());
    }
}
