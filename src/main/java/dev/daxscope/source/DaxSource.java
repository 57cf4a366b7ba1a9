package dev.daxscope.source;

import dev.daxscope.model.FaultEvent;
import dev.daxscope.model.FolioInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.WorkloadRequest;
import java.util.List;
import java.util.Optional;

/**
 * The one port through which the inspector and the CLI see a machine: the simulated kernel or
 * a real one. Every method is safe to call from any thread and returns immutable data.
 */
public interface DaxSource extends AutoCloseable {

    /** "simulated", "this machine", or a snapshot's path. */
    String name();

    /** True for the simulated kernel (its kernel profile applies); false for real machines and captures. */
    default boolean simulated() {
        return false;
    }

    /** Whether the machine can change while shown: false for a snapshot, where live/paused and a refresh interval mean nothing. */
    default boolean changes() {
        return true;
    }

    /** Whether writes reach the machine (false for snapshots and read-only real machines). */
    boolean writable();

    MachineSnapshot snapshot();

    /**
     * The machine read again now, on the caller's thread, whatever the poll interval (an exporter's
     * scrape, the CLI); sources told of every change (the simulator) answer {@link #snapshot()}.
     */
    default MachineSnapshot refresh() {
        return snapshot();
    }

    /**
     * NUMA nodes, memory tiers, tiering settings, numa_maps and CXL chains, read now (not on the
     * FX thread: a real machine's numa_maps are many files). Sources without them say so in its
     * warnings.
     */
    default dev.daxscope.model.MemoryTopology topology() {
        return dev.daxscope.model.MemoryTopology.unavailable(name() + " has no memory-tier information");
    }

    /** DAMON's kdamonds, DAMON_STAT and each node's memory ranges (read-only); absent where the source has none. */
    default dev.daxscope.model.damon.DamonState damon() {
        return dev.daxscope.model.damon.DamonState.absent(name() + " has no DAMON information");
    }

    /** Whose anonymous pages are where in physical memory, when the source knows (the simulator); else empty. */
    default List<dev.daxscope.model.damon.HeatReport.PhysicalOwner> physicalOwners() {
        return List.of();
    }

    /** Changes whenever the structure (not the counters) changes; cheap to poll every frame. */
    long generation();

    /** The folio of {@code device} holding page offset {@code pgoff}, if it has a struct page. */
    Optional<FolioInfo> folio(String device, long pgoff);

    /**
     * The present page-table entries of process {@code pid}'s mapping at {@code vmaStart}, in
     * address order, at most {@code max}. Empty where page tables cannot be read (a real machine).
     */
    default java.util.List<dev.daxscope.model.MachineSnapshot.EntryInfo> entries(int pid, long vmaStart, int max) {
        return java.util.List.of();
    }

    /** Per-cell summary of all of a device's folios for the page map, at most {@code cells} cells. */
    default PageMapSummary pageMap(String device, int cells) {
        return pageMap(device, 0, Long.MAX_VALUE, cells);
    }

    /** The same for folios {@code [fromFolio, toFolio)} only (a zoomed-in page map); the range is clamped to the device. */
    PageMapSummary pageMap(String device, long fromFolio, long toFolio, int cells);

    /** Fault/zap/signal events from sequence {@code from}. */
    EventBatch events(long from, int max);

    /** A sysfs read, as {@code cat}; text without the trailing newline. */
    ReadOutcome read(String path);

    /** A sysfs write, as {@code echo VALUE > PATH}. */
    Outcome write(String path, String value);

    /**
     * Dry run: what a sysfs write would return and the machine it would leave, computed on a copy;
     * nothing changes here. Empty when the source cannot simulate (a real machine, a snapshot).
     */
    default Optional<WhatIf> whatIf(String path, String value) {
        return Optional.empty();
    }

    /**
     * A daxctl device command on this machine ({@code reconfigure-device -m system-ram dax0.1},
     * {@code disable-device dax0.1}, {@code create-device -r 0 -s 1g}, {@code online-memory dax0.1}, ...),
     * made of the same sysfs writes as daxctl's and refused as they are; a machine opened read-only refuses
     * with EPERM and says how to allow writes.
     */
    default Outcome daxctl(List<String> args) {
        return Outcome.fail(dev.daxscope.model.Errno.EPERM, "", name() + " cannot be changed");
    }

    /** Dry run of {@link #daxctl} on a copy of the machine; empty when the source cannot simulate. */
    default Optional<WhatIf> whatIfDaxctl(List<String> args) {
        return Optional.empty();
    }

    /** The machine as a .dax script that rebuilds it ("Save as scenario"); empty for real machines. */
    default Optional<String> scenarioText() {
        return Optional.empty();
    }

    /**
     * The same machine under another kernel profile, as a new source (this one is left as it is).
     * Only the simulator can do this; IllegalStateException says why a rebuild failed.
     */
    default DaxSource underKernel(dev.daxscope.model.KernelProfile profile) {
        throw new UnsupportedOperationException(name() + " is a real machine: it runs the kernel it runs");
    }

    /**
     * How often a source that polls (a real machine) reads the machine again. Sources that are
     * told of every change (the simulator) ignore it.
     */
    default void refreshEvery(java.time.Duration interval) {
    }

    /**
     * Probe mode, where the user allowed writes to a real machine: daxscope maps a device itself
     * and touches pages to watch them fault in.
     */
    default Optional<Prober> prober() {
        return Optional.empty();
    }

    /** Maps a device and touches pages (see linux DeviceProbe); a SIGBUS is reported, not fatal. */
    interface Prober {
        /** The device node a probe of {@code device} opens, e.g. /dev/dax0.1. */
        String devicePath(String device);

        /** Maps {@code length} bytes and touches {@code pages} pages {@code step} bytes apart (stores when {@code write}). */
        dev.daxscope.model.ProbeReport probe(String device, long length, long step, int pages, boolean write);
    }

    /** DAMON actions the window offers, where the source can take them (the simulator); empty elsewhere. */
    default Optional<DamonControl> damonControl() {
        return Optional.empty();
    }

    /** Starts DAMON monitors and hot workloads, and moves a simulated machine's DAMON clock along with the wall clock. */
    interface DamonControl {
        /** Starts a monitor over node {@code node}'s online memory with DAMON's default attributes; refused as the kernel would. */
        Outcome monitor(int node);

        /**
         * A new process allocates {@code bytes} on node {@code node} ({@code numactl --membind}) and keeps
         * accessing all of them; refused (ENOMEM, EINVAL) as the allocation would be.
         */
        Outcome hotProcess(int node, long bytes);

        /**
         * Simulated time catches up with the wall clock ({@code wallNanos}, System.nanoTime) for
         * the monitors, at most a few seconds at a time: the first call only starts the clock.
         */
        void keepUp(long wallNanos);
    }

    /** Workload control, where the source can run workloads (the simulator). */
    default Optional<Workloads> workloads() {
        return Optional.empty();
    }

    /** Starts and stops a workload on a worker pool. */
    interface Workloads {
        /**
         * Starts {@code request} on {@code workers} threads, stopping the one running; IllegalArgumentException
         * names what this machine cannot run (an unbound device, one that does not exist).
         */
        void start(WorkloadRequest request, int workers);

        /** Runs a bounded workload ({@code accesses=N}) to its end on the calling thread; same errors as start. */
        void runToEnd(WorkloadRequest request, int workers);

        void stop();

        boolean running();

        /** The fault workers of the running workload; 0 when none runs. */
        int workers();

        long accessesDone();
    }

    /** The answer of a dry run. */
    record WhatIf(Outcome outcome, MachineSnapshot after) {
    }

    /** Faults per second over the last second, signals so far, heap used by the model. */
    Stats stats();

    @Override
    default void close() {
    }

    record ReadOutcome(String text, Outcome outcome) {
    }

    record EventBatch(List<FaultEvent> events, long dropped, long nextSeq) {
    }

    record Stats(double faultsPerSecond, long faultsTotal, long signals, long mappedFolios, long modelHeapBytes) {
    }
}
