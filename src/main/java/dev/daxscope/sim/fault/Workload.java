package dev.daxscope.sim.fault;

import static dev.daxscope.model.PageSizes.PAGE_SHIFT;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.WorkloadRequest;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.mm.MemoryManager;
import dev.daxscope.sim.mm.SimProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * The accesses of a workload as a pure function of their index (so any worker can compute any
 * access), plus the structural steps between phases. A round touches {@link #roundLength()}
 * pages; unlimited workloads zap their mappings after each round so faults keep coming.
 */
final class Workload implements AccessSource {
    private static final long ROUND_CAP = 1L << 20;

    private final Kernel kernel;
    private final WorkloadRequest spec;
    private final DevDax device;
    private final List<SimProcess> processes = new ArrayList<>();
    private final List<SimProcess> children = new ArrayList<>();
    private final long[] bases;
    private final long folios;
    private final long folioSize;
    private int round;

    private Workload(Kernel kernel, WorkloadRequest spec, DevDax device) {
        this.kernel = kernel;
        this.spec = spec;
        this.device = device;
        this.folioSize = device.align();
        this.folios = device.size() / folioSize;
        this.bases = new long[spec.processes()];
    }

    static Workload prepare(Kernel kernel, WorkloadRequest spec) {
        DevDax dev = kernel.device(spec.device()).orElseThrow(() ->
                new IllegalArgumentException("no device " + spec.device()));
        if (dev.driver() != DriverKind.DEVICE_DAX) {
            throw new IllegalArgumentException(dev.name() + " is not bound to device_dax; a workload needs a mappable device");
        }
        if (dev.size() == 0) {
            throw new IllegalArgumentException(dev.name() + " has size 0");
        }
        Workload w = new Workload(kernel, spec, dev);
        MemoryManager mm = kernel.mm();
        for (int i = 0; i < spec.processes(); i++) {
            SimProcess p = kernel.spawn("wl" + (i + 1));
            int fd = mm.open(p, "/dev/" + dev.name(), true).fd();
            var mapped = mm.mmap(p, fd, new MemoryManager.MmapRequest(dev.size(), 0, true, true, null, false, false));
            if (!mapped.outcome().isOk()) {
                throw new IllegalStateException("workload mmap failed: " + mapped.outcome());
            }
            w.processes.add(p);
            w.bases[i] = mapped.address();
        }
        return w;
    }

    WorkloadRequest spec() {
        return spec;
    }

    long roundLength() {
        return Math.max(1, Math.min(folios, ROUND_CAP));
    }

    /** SplitMix64: a counter-based generator, so access i is the same whoever computes it. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private double unit(long i, long salt) {
        return (mix(spec.seed() * 0x9E3779B97F4A7C15L + i * 31 + salt) >>> 11) * 0x1.0p-53;
    }

    /** Which folio access {@code i} touches. */
    long folio(long i) {
        return switch (spec.pattern()) {
            case SEQUENTIAL, FORKS, UNBIND, POISON -> (i / spec.processes()) % folios;
            case UNIFORM -> (long) (unit(i, 1) * folios);
            case ZIPF -> (long) (Math.pow(unit(i, 2), 4) * folios);
            case STRIDED -> (i * spec.stride()) % folios;
        };
    }

    @Override
    public long rate() {
        return spec.rate();
    }

    @Override
    public SimProcess process(long i) {
        int p = (int) (i % spec.processes());
        if (spec.pattern() == WorkloadRequest.Pattern.FORKS && !children.isEmpty() && (i & 1) == 1) {
            return children.get(p);
        }
        return processes.get(p);
    }

    /** Byte offset of access {@code i} in the device: its folio plus a page inside a huge folio. */
    private long deviceOffset(long i) {
        long offsetInFolio = folioSize > 4096 ? ((mix(i) & 0x3ffff) << PAGE_SHIFT) % folioSize : 0;
        return folio(i) * folioSize + offsetInFolio;
    }

    @Override
    public long address(long i) {
        return bases[(int) (i % spec.processes())] + deviceOffset(i);
    }

    @Override
    public boolean isWrite(long i) {
        return unit(i, 3) * 100 < spec.writePercent();
    }

    /** Whether access {@code i} would consume poison (such accesses run after the phase, in order). */
    @Override
    public boolean poisonedLine(long i) {
        return spec.pattern() == WorkloadRequest.Pattern.POISON && kernel.poison().hasPoisonedFolios(device)
                && kernel.poison().isPoisonedLine(device.pgoffToPhys(deviceOffset(i) >>> PAGE_SHIFT, 4096));
    }

    /** Structural steps before a phase: forks for the fork pattern. */
    void beforePhase(long done) {
        if (spec.pattern() == WorkloadRequest.Pattern.FORKS) {
            children.clear();
            for (SimProcess p : processes) {
                children.add(kernel.mm().fork(p, p.name() + "-child" + round));
            }
        }
    }

    /** Structural steps after a phase; {@code more} says whether another phase follows. */
    void afterPhase(long done, boolean more) {
        switch (spec.pattern()) {
            case FORKS -> {
                for (SimProcess c : children) {
                    kernel.mm().exitAndReap(c);
                }
            }
            case UNBIND -> {
                kernel.sysfs().write("/sys/bus/dax/drivers/device_dax/unbind", device.name() + "\n");
                for (int k = 0; k < processes.size(); k++) {
                    kernel.mm().access(kernel.mm().defaultContext(), processes.get(k), bases[k], false);
                }
                kernel.sysfs().write("/sys/bus/dax/drivers/device_dax/bind", device.name() + "\n");
            }
            case POISON -> {
                long f = mix(spec.seed() + round) % folios;
                long phys = device.pgoffToPhys(Math.floorMod(f, folios) * (folioSize >>> PAGE_SHIFT), 4096);
                kernel.lock().writeLock().lock();
                try {
                    kernel.poison().memoryFailure(phys, null, 0);
                } finally {
                    kernel.lock().writeLock().unlock();
                }
            }
            default -> {
            }
        }
        if (more && spec.unlimited()) {
            for (int k = 0; k < processes.size(); k++) {
                kernel.mm().madvise(processes.get(k), bases[k], device.size(), "dontneed");
            }
        }
        round++;
        kernel.bumpGeneration();
    }

    /** The workload ended (stopped or done): its processes exit and leave the process table. */
    void end() {
        for (SimProcess c : children) {
            if (c.alive()) {
                kernel.mm().exitAndReap(c);
            }
        }
        for (SimProcess p : processes) {
            kernel.mm().exitAndReap(p);
        }
    }
}
