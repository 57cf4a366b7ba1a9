package dev.daxscope.sim.mm;

import dev.daxscope.model.Outcome;
import dev.daxscope.sim.state.KernelState;

/**
 * The mm side of device-DAX, as the rest of the simulator calls it: open and mmap ({@link Mmap}),
 * changes to mappings ({@link VmaChanges}), the fault path ({@link FaultPath}), GUP ({@link Gup}),
 * fork and exit ({@link ProcessLifecycle}), zap ({@link Unmap}) and memory failure. The device's
 * own checks and fault handlers come from the driver through {@link VmOperations}.
 *
 * <p>VMA changes hold the process's mmap lock, then wait for fault-path readers (SRCU) before
 * zapping, so no fault can install into a VMA that is going away.
 */
public final class MemoryManager {
    private final KernelState state;
    private final ProcessTable processes;
    private final Unmap unmap;
    private final FaultContext defaultContext;
    private final FaultPath faults;
    private final Mmap mmap;
    private final VmaChanges vmaChanges;
    private final Gup gup;
    private final ProcessLifecycle lifecycle;

    public MemoryManager(KernelState state, ProcessTable processes, Unmap unmap, MemoryFailure poison, VmOperations ops) {
        this.state = state;
        this.processes = processes;
        this.unmap = unmap;
        this.defaultContext = new FaultContext(state.srcu(), null);
        state.events().intern("ok");
        state.events().intern("SIGBUS:ADRERR");
        state.events().intern("-");
        this.faults = new FaultPath(state.srcu(), poison, ops);
        this.mmap = new Mmap(state, processes, unmap, faults, ops, defaultContext);
        this.vmaChanges = new VmaChanges(state, unmap, ops);
        this.gup = new Gup(state, faults, defaultContext);
        this.lifecycle = new ProcessLifecycle(state, processes, unmap);
    }

    /**
     * The context of callers that are not fault workers (scenario runner, UI, CLI); its events go
     * straight into the ring. Use it from one thread at a time.
     */
    public FaultContext defaultContext() {
        return defaultContext;
    }

    /** A context for a fault worker: its own SRCU slot and buffered event writer. Close it when done. */
    public FaultContext newContext() {
        return new FaultContext(state.srcu(), state.events().newWriter());
    }

    /** open("/dev/daxX.Y") (R11): the node exists while the device exists; ENXIO unless bound to device_dax. */
    public FdResult open(SimProcess p, String path, boolean writable) {
        return mmap.open(p, path, writable);
    }

    public Outcome close(SimProcess p, int fd) {
        return mmap.close(p, fd);
    }

    /** read(2) on the device (R40): no read method, EINVAL. */
    public Outcome fdRead(SimProcess p, int fd) {
        return mmap.fdRead(p, fd);
    }

    /** Arguments of mmap beyond fd and length. */
    public record MmapRequest(long length, long offset, boolean shared, boolean writable, Long fixedAddress,
                              boolean populate, boolean sync) {
    }

    /** mmap (R41-R44): the mapping's address, or the refusal. */
    public AddressResult mmap(SimProcess p, int fd, MmapRequest req) {
        return mmap.mmap(p, fd, req);
    }

    /** munmap (R45, R72). */
    public Outcome munmap(SimProcess p, long addr, long len) {
        return vmaChanges.munmap(p, addr, len);
    }

    /** mprotect (R45, R64): read-only clears the writable bit of present entries; no count changes. */
    public Outcome mprotect(SimProcess p, long addr, long len, boolean writable) {
        return vmaChanges.mprotect(p, addr, len, writable);
    }

    /** madvise: DONTNEED zaps without splitting (R71); NOHUGEPAGE/HUGEPAGE change VMA flags (split rule R45). */
    public Outcome madvise(SimProcess p, long addr, long len, String advice) {
        return vmaChanges.madvise(p, addr, len, advice);
    }

    /** mremap of a whole VMA (R72): shrink in place, grow in place when free, else move if allowed. */
    public AddressResult mremap(SimProcess p, long addr, long len, long newLen, boolean mayMove) {
        return vmaChanges.mremap(p, addr, len, newLen, mayMove);
    }

    /** fork (R73): the child gets the VMAs without entries, and the open files. */
    public SimProcess fork(SimProcess parent, String childName) {
        return lifecycle.fork(parent, childName);
    }

    /** exit (R74): every entry zapped, GUP handles released, files closed. */
    public Outcome exit(SimProcess p) {
        return lifecycle.exit(p);
    }

    /** exit, then the parent's wait: the task leaves the process table (a workload's helpers). */
    public void exitAndReap(SimProcess p) {
        lifecycle.exit(p);
        processes.reap(p);
    }

    /**
     * One load or store at {@code addr} by {@code p} (R48-R65): no fault when a present entry
     * allows the access, else the PUD, PMD, PTE handlers in turn.
     */
    public Outcome access(FaultContext ctx, SimProcess p, long addr, boolean write) {
        return faults.access(ctx, p, addr, write);
    }

    /** Whether an access by {@code p} at {@code addr} would touch a poisoned line (no side effects). */
    public boolean touchesPoison(SimProcess p, long addr) {
        return faults.touchesPoison(p, addr);
    }

    /** pin_user_pages / get_user_pages of {@code [addr, addr+len)} (R75): faults pages in, then takes references. */
    public HandleResult gup(SimProcess p, long addr, long len, boolean pin) {
        return gup.gup(p, addr, len, pin);
    }

    public Outcome release(SimProcess p, int handle) {
        return gup.release(p, handle);
    }

    /** Bytes of heap held by the page tables of all processes. */
    public long pageTableHeapBytes() {
        long b = 0;
        for (SimProcess p : processes.byPid().values()) {
            for (Vma v : p.vmas()) {
                b += v.heapBytes();
            }
        }
        return b;
    }

    /** Present entries of a VMA, per level, for {@code mappings P} and snapshots. */
    public static long[] entryCounts(Vma v) {
        return new long[] {v.table(Vma.PTE_SHIFT).presentEntries(), v.table(Vma.PMD_SHIFT).presentEntries(),
                v.table(Vma.PUD_SHIFT).presentEntries()};
    }
}
