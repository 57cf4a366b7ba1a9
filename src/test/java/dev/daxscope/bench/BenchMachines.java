package dev.daxscope.bench;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.mm.MemoryManager;
import dev.daxscope.sim.mm.SimProcess;
import dev.daxscope.sim.region.RegionKind;

/** Machines the benchmarks run on, built through sysfs as a user would. */
public final class BenchMachines {
    private BenchMachines() {
    }

    /** A dynamic region of {@code regionBytes} at 64 GiB with one device (dax0.1) of {@code deviceBytes} and align. */
    public static Kernel withDevice(long regionBytes, long deviceBytes, long align) {
        Kernel k = new Kernel(KernelProfile.DEFAULT, MemoryHotplug.defaults());
        must(k.createRegion(new Kernel.RegionSpec("R", RegionKind.DYNAMIC, 64L << 30, regionBytes, 2L << 20, null, 0, null,
                false, null)));
        must(k.sysfs().write("/sys/devices/platform/dax_region.0/dax_region/create", "1\n"));
        must(k.sysfs().write("/sys/bus/dax/devices/dax0.1/align", align + "\n"));
        must(k.sysfs().write("/sys/bus/dax/devices/dax0.1/size", deviceBytes + "\n"));
        must(k.sysfs().write("/sys/bus/dax/drivers/device_dax/bind", "dax0.1\n"));
        return k;
    }

    /** A process mapping {@code len} bytes of dax0.1 at offset {@code off}; returns the address. */
    public static long map(Kernel k, SimProcess p, long len, long off) {
        int[] fd = {-1};
        must(k.mm().open(p, "/dev/dax0.1", true, fd));
        long[] addr = {0};
        must(k.mm().mmap(p, fd[0], new MemoryManager.MmapRequest(len, off, true, true, null, false, false), addr));
        return addr[0];
    }

    static void must(Outcome o) {
        if (!o.isOk()) {
            throw new IllegalStateException("benchmark set-up failed: " + o);
        }
    }
}
