package dev.daxscope.sim.mm;

import dev.daxscope.model.Outcome;
import dev.daxscope.sim.dax.DevDax;

/**
 * What mm calls on a device-DAX mapping, as the kernel calls through {@code file_operations}
 * ({@code mmap}, {@code get_unmapped_area}) and {@code vm_operations_struct} ({@code huge_fault},
 * {@code may_split}). The device_dax driver implements it; mm never names the driver.
 */
public interface VmOperations {
    /** A fault handler's "try the next smaller level" (VM_FAULT_FALLBACK). */
    Outcome FALLBACK = Outcome.ok("fallback");
    /** A fault handler's success: the entry is installed (VM_FAULT_NOPAGE). */
    Outcome NOPAGE = Outcome.ok();

    /** The mmap-time check_vma: null when {@code [start, end)} may map {@code dev}, else the errno. */
    Outcome checkVma(DevDax dev, long start, long end, boolean shared, long length);

    /** get_unmapped_area: an address for {@code len} bytes at file offset {@code off}, aligned as the device wants. */
    long getUnmappedArea(SimProcess p, DevDax dev, long len, long off);

    /** may_split: whether the mapping {@code v} may be split at {@code addr}. */
    boolean maySplit(Vma v, long addr);

    /**
     * huge_fault for one level ({@code shift} 12, 21 or 30): {@link #NOPAGE}, {@link #FALLBACK}, or
     * the signal. Runs inside the caller's SRCU read section, without locks.
     */
    Outcome hugeFault(FaultContext ctx, SimProcess p, Vma v, long addr, boolean write, int shift);
}
