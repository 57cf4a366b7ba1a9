package dev.daxscope.bench;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.RegionKind;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.dax.RegionSpec;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.mm.MemoryManager;
import dev.daxscope.sim.mm.SimProcess;

/** Machines the benchmarks run on, built through sysfs as a user would. */
public final class BenchMachines {
    private BenchMachines() {
    }

    /** A dynamic region of {@code regionBytes} at 64 GiB with one device (dax0.1) of {@code deviceBytes} and align. */
    public static Kernel withDevice(long regionBytes, long deviceBytes, long align) {
        Kernel k = new Kernel(KernelProfile.DEFAULT, MemoryHotplug.defaults());
        must(k.createRegion(new RegionSpec("R", RegionKind.DYNAMIC, 64L << 30, regionBytes, 2L << 20, null, 0, null,
                false, null)));
        must(k.sysfs().write("/sys/devices/platform/dax_region.0/dax_region/create", "1\n"));
        must(k.sysfs().write("/sys/bus/dax/devices/dax0.1/align", align + "\n"));
        must(k.sysfs().write("/sys/bus/dax/devices/dax0.1/size", deviceBytes + "\n"));
        must(k.sysfs().write("/sys/bus/dax/drivers/device_dax/bind", "dax0.1\n"));
        return k;
    }

    /** A process mapping {@code len} bytes of dax0.1 at offset {@code off}; returns the address. */
    public static long map(Kernel k, SimProcess p, long len, long off) {
        var opened = k.mm().open(p, "/dev/dax0.1", true);
        must(opened.outcome());
        var mapped = k.mm().mmap(p, opened.fd(), new MemoryManager.MmapRequest(len, off, true, true, null, false, false));
        must(mapped.outcome());
        return mapped.address();
    }

    /**
     * The page-map benchmarks' machine: a bound 1 TiB 4K device (dax0.1) mapped whole by one
     * process, with 10 M pages faulted in 1,000 runs of 10,000 spread over the device; events off.
     */
    public static MappedTerabyte mappedTerabyte() {
        Kernel kernel = withDevice(1L << 40, 1L << 40, 4096);
        kernel.events().setEnabled(false);
        SimProcess proc = kernel.spawn("mapper");
        MappedTerabyte m = new MappedTerabyte(kernel, proc, map(kernel, proc, 1L << 40, 0));
        m.fault(0, 10_000_000, false);
        return m;
    }

    /** The machine of {@link #mappedTerabyte()}: its kernel, the mapping process and the mapping's address. */
    public record MappedTerabyte(Kernel kernel, SimProcess process, long base) {
        /** Touches pages {@code first .. first+count} of the spread-out layout (wrapping after 20 M). */
        public void fault(long first, long count, boolean write) {
            MemoryManager mm = kernel.mm();
            for (long i = first; i < first + count; i++) {
                mm.access(mm.defaultContext(), process, base + (page(i % 20_000_000) << 12), write);
            }
        }

        /** 1,000 runs of 10,000 pages spread over the whole device (a sparse but realistic layout). */
        static long page(long i) {
            return (i / 10_000) * ((1L << 28) / 2_000) + i % 10_000;
        }
    }

    /**
     * Adds the serve benchmark's system-ram device to {@code kernel}: a dynamic region at 2 TiB with
     * target node 1 and one device (dax1.1) of {@code blocks} memory blocks, bound to kmem.
     */
    public static void addSystemRam(Kernel kernel, int blocks) {
        long blockBytes = kernel.memory().blockSize();
        must(kernel.createRegion(new RegionSpec("K", RegionKind.DYNAMIC, 2L << 40, blocks * blockBytes, 2L << 20, null, 1, null,
                false, null)));
        must(kernel.sysfs().write("/sys/devices/platform/dax_region.1/dax_region/create", "1\n"));
        must(kernel.sysfs().write("/sys/bus/dax/devices/dax1.1/size", blocks * blockBytes + "\n"));
        must(kernel.sysfs().write("/sys/bus/dax/drivers/kmem/new_id", "dax1.1\n")); // binds it too
    }

    public static void must(Outcome o) {
        if (!o.isOk()) {
            throw new IllegalStateException("benchmark set-up failed: " + o);
        }
    }
}
