package dev.daxscope.sim.mm;

import static dev.daxscope.model.PageSizes.PAGE_SHIFT;

import static dev.daxscope.sim.dax.DevDax.SZ_4K;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Errno;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.lib.KernelParse;
import dev.daxscope.sim.state.KernelState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The file side of a device: open, close and read of {@code /dev/daxX.Y} (R11, R40), and mmap
 * (mm/mmap.c, R41-R44) with the driver's get_unmapped_area and check_vma.
 */
final class Mmap {
    private final KernelState state;
    private final ProcessTable processes;
    private final Unmap unmap;
    private final FaultPath faults;
    private final VmOperations ops;
    private final FaultContext defaultContext;

    Mmap(KernelState state, ProcessTable processes, Unmap unmap, FaultPath faults, VmOperations ops,
         FaultContext defaultContext) {
        this.state = state;
        this.processes = processes;
        this.unmap = unmap;
        this.faults = faults;
        this.ops = ops;
        this.defaultContext = defaultContext;
    }

    /**
     * open("/dev/daxX.Y") (R11): the node exists while the device exists; ENXIO unless a driver
     * with a character device (device_dax, fsdev_dax: R104) holds it or its last cdev is still
     * referenced by a file, which the node's inode then still caches.
     */
    FdResult open(SimProcess p, String path, boolean writable) {
        if (!p.alive()) {
            return FdResult.failed(RangeChecks.exited(p));
        }
        String prefix = "/dev/";
        if (!path.startsWith(prefix)) {
            return FdResult.failed(Outcome.fail(Errno.ENOENT, "R11", path + " is not a device node under /dev"));
        }
        DevDax dev = state.device(path.substring(prefix.length())).orElse(null);
        if (dev == null) {
            return FdResult.failed(Outcome.fail(Errno.ENOENT, "R11", "no such device node " + path));
        }
        if (!state.isRoot()) {
            return FdResult.failed(Outcome.fail(Errno.EACCES, "R11", path + " is mode 0600 root; user " + state.user() + " cannot open it"));
        }
        if (!dev.driver().ownsDevicePages() && !cdevStillReferenced(dev)) {
            return FdResult.failed(Outcome.fail(Errno.ENXIO, "R11", dev.name() + " is " + (dev.isBound() ? "bound to kmem" : "not bound")
                    + "; its character device is registered only while bound to device_dax or fsdev_dax, and no file"
                    + " still holds the last one"));
        }
        int fd;
        synchronized (p.mmapLock()) {
            fd = p.addFile(new OpenFile(dev, writable, dev.cdevOwner(), dev.cdevRegistration()));
        }
        return new FdResult(Outcome.ok(), fd);
    }

    /**
     * Whether a file of the device's current cdev registration is still open or mapped by a live
     * process: each holds a cdev reference (chrdev_open's cdev_get, put at the last fput), and the
     * cdev is released, its inode cache cleared (cdev_purge), only when the last one goes (R11).
     */
    private boolean cdevStillReferenced(DevDax dev) {
        for (SimProcess q : processes.byPid().values()) {
            if (!q.alive()) {
                continue;
            }
            synchronized (q.mmapLock()) {
                if (q.files().values().stream().anyMatch(f -> holdsCdev(f, dev))
                        || Arrays.stream(q.vmas()).anyMatch(v -> holdsCdev(v.file(), dev))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean holdsCdev(OpenFile f, DevDax dev) {
        return f != null && f.device() == dev && f.cdevRegistration() == dev.cdevRegistration();
    }

    Outcome close(SimProcess p, int fd) {
        if (!p.alive()) {
            return RangeChecks.exited(p);
        }
        synchronized (p.mmapLock()) {
            if (p.files().remove(fd) == null) {
                return Outcome.fail(Errno.EBADF, "", "fd " + fd + " is not open");
            }
        }
        return Outcome.ok();
    }

    /** read(2) on the device (R40): no read method, EINVAL. */
    Outcome fdRead(SimProcess p, int fd) {
        if (!p.alive()) {
            return RangeChecks.exited(p);
        }
        if (!p.files().containsKey(fd)) {
            return Outcome.fail(Errno.EBADF, "", "fd " + fd + " is not open");
        }
        return Outcome.fail(Errno.EINVAL, "R40", "device-dax files have no read/write methods; use mmap");
    }

    /** mmap (R41-R44): the mapping's address, or the refusal. */
    AddressResult mmap(SimProcess p, int fd, MemoryManager.MmapRequest req) {
        if (!p.alive()) {
            return AddressResult.failed(RangeChecks.exited(p));
        }
        AddressResult result;
        synchronized (p.mmapLock()) {
            result = mmapLocked(p, fd, req);
        }
        if (result.outcome().isOk() && req.populate()) {
            for (long a = result.address(); a < result.address() + req.length(); a += SZ_4K) {
                Vma v = p.findVma(a);
                if (v == null || !faults.access(defaultContext, p, a, false).isOk()) {
                    break;
                }
                a = Math.max(a, (a & ~(pageSizeOf(v) - 1)) + pageSizeOf(v) - SZ_4K);
            }
        }
        state.bumpGeneration();
        return result;
    }

    private static long pageSizeOf(Vma v) {
        return Math.max(SZ_4K, v.device().align());
    }

    private AddressResult mmapLocked(SimProcess p, int fd, MemoryManager.MmapRequest req) {
        OpenFile f = p.files().get(fd);
        if (f == null) {
            return AddressResult.failed(Outcome.fail(Errno.EBADF, "", "fd " + fd + " is not open"));
        }
        long len = req.length();
        if (len == 0) {
            return AddressResult.failed(Outcome.fail(Errno.EINVAL, "R43", "length 0"));
        }
        if (req.offset() % SZ_4K != 0) {
            return AddressResult.failed(Outcome.fail(Errno.EINVAL, "R43", "offset " + KernelParse.hex(req.offset()) + " is not page-aligned"));
        }
        long alignedLen = RangeChecks.pageAlign(len);
        if (alignedLen != 0 && RangeChecks.above(req.offset(), req.offset() + alignedLen)) {
            return AddressResult.failed(Outcome.fail(Errno.EOVERFLOW, "R43", "offset + length overflows"));
        }
        Outcome tooLarge = RangeChecks.mmap(len, req.fixedAddress());
        if (tooLarge != null) {
            return AddressResult.failed(tooLarge);
        }
        if (f.fops() == DriverKind.FSDEV_DAX && req.shared() && req.sync()) {
            return AddressResult.failed(Outcome.fail(Errno.EOPNOTSUPP, "R104", "MAP_SYNC: the file of a famfs-mode device "
                    + "(fsdev_dax) does not support it"));
        }
        if (req.shared() && req.writable() && !f.writable()) {
            return AddressResult.failed(Outcome.fail(Errno.EACCES, "R42", "PROT_WRITE on a shared mapping of a file opened read-only"));
        }
        if (f.fops() == DriverKind.FSDEV_DAX) {
            return AddressResult.failed(Outcome.fail(Errno.ENODEV, "R104", f.device().name() + " is in famfs mode (fsdev_dax): "
                    + "its file has no mmap; the memory is reached through a filesystem (famfs), not by mapping the device"));
        }
        if (req.fixedAddress() != null && req.fixedAddress() % SZ_4K != 0) {
            return AddressResult.failed(Outcome.fail(Errno.EINVAL, "R43", "MAP_FIXED address " + KernelParse.hex(req.fixedAddress())
                    + " is not page-aligned"));
        }
        DevDax dev = f.device();
        long addr = req.fixedAddress() != null ? req.fixedAddress() : ops.getUnmappedArea(p, dev, alignedLen, req.offset());
        if (RangeChecks.above(addr + alignedLen, RangeChecks.TASK_SIZE)) {
            return AddressResult.failed(Outcome.fail(Errno.ENOMEM, "R44", "no room for " + alignedLen + " more bytes below TASK_SIZE"));
        }
        Outcome refused = ops.checkVma(dev, addr, addr + alignedLen, req.shared(), len);
        if (refused != null) {
            return AddressResult.failed(refused);
        }
        if (req.fixedAddress() != null) {
            unmap.removeRange(p, addr, addr + alignedLen);
        }
        List<Vma> list = new ArrayList<>(List.of(p.vmas()));
        list.add(new Vma(addr, addr + alignedLen, req.offset() >>> PAGE_SHIFT, f, req.writable(), false));
        p.publishVmas(list);
        return new AddressResult(Outcome.ok(), addr);
    }
}
