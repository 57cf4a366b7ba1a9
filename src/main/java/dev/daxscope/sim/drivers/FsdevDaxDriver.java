package dev.daxscope.sim.drivers;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.mm.Unmap;
import dev.daxscope.sim.state.KernelState;

/**
 * The fsdev_dax driver (drivers/dax/fsdev.c, 7.x), daxctl's famfs mode: the device's memory
 * becomes an FS-DAX page map whose folios stay order 0 whatever the align, and its character
 * device has no mmap, read or write: a filesystem (famfs) reaches the memory through the dax
 * device's direct_access instead (R101-R105).
 */
public final class FsdevDaxDriver implements DaxDriver {
    private final KernelState state;
    private final Unmap unmap;

    public FsdevDaxDriver(KernelState state, Unmap unmap) {
        this.state = state;
        this.unmap = unmap;
    }

    @Override
    public DriverKind kind() {
        return DriverKind.FSDEV_DAX;
    }

    /**
     * fsdev_dax_probe (R103): the static page map takes one range only; the ranges are reserved
     * and memremapped as device_dax's are (R78), then every folio is reset to order 0 (a device
     * that was device_dax leaves compound folios behind) and the cdev gets fsdev's file operations.
     */
    @Override
    public Outcome probe(DevDax dev) {
        if (dev.region().isStatic() && dev.ranges().size() != 1) {
            return Outcome.fail(Errno.EINVAL, "R103", dev.name() + ": static pgmap / multi-range device conflict");
        }
        Outcome refused = DeviceDaxDriver.pageMapRefusal(state, dev);
        if (refused != null) {
            return refused;
        }
        dev.createOrderZeroFolios(state.bumpGeneration());
        dev.setCdevOwner(DriverKind.FSDEV_DAX);
        dev.setDriver(DriverKind.FSDEV_DAX);
        dev.setInconsistent(false);
        dev.setAlive(true);
        return Outcome.ok();
    }

    /**
     * The devm actions in reverse (R103): kill_dev_dax (the device dies and any mapping left from
     * an earlier device_dax file is zapped), then the folio state is cleared so that the next
     * driver builds its own (device_dax its compound folios again, kmem clean pages).
     */
    @Override
    public void remove(DevDax dev) {
        dev.setAlive(false);
        state.srcu().synchronize();
        unmap.zapDevice(dev);
        dev.dropFolios();
    }
}
