package dev.daxscope.source.sim;

import dev.daxscope.model.FolioInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.Outcome;
import dev.daxscope.model.WorkloadRequest;
import dev.daxscope.scenario.ScenarioError;
import dev.daxscope.scenario.ScenarioParser;
import dev.daxscope.scenario.ScenarioRunner;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.SimInspector;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.FolioTable;
import dev.daxscope.sim.lib.EventRing;
import dev.daxscope.source.AtomicOutput;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.PageMapSummary;
import dev.daxscope.source.linux.LinuxSource;
import java.util.Optional;

/** The {@link DaxSource} adapter over the simulated kernel. */
public final class SimulatedSource implements DaxSource {
    private final Kernel kernel;
    private final SimInspector inspector;
    private long lastWritten;
    private final java.util.function.LongSupplier clock;
    private long lastSampleNanos;
    private double faultsPerSecond;

    public SimulatedSource(Kernel kernel) {
        this(kernel, System::nanoTime);
    }

    /** A source whose faults/s figure is measured on {@code nanoClock} (a fixed clock makes screenshots repeatable). */
    public SimulatedSource(Kernel kernel, java.util.function.LongSupplier nanoClock) {
        this.kernel = kernel;
        this.inspector = new SimInspector(kernel);
        this.clock = nanoClock;
        this.lastSampleNanos = nanoClock.getAsLong();
        // Faults taken while the machine was built are its history, not its rate of now.
        this.lastWritten = kernel.events().count(dev.daxscope.model.FaultEvent.Kind.FAULT);
    }

    /** The demo machine, built by running the built-in script. */
    public static SimulatedSource demo() {
        try {
            return MachineLoader.source(null);
        } catch (MachineLoader.LoadFailure e) {
            throw new IllegalStateException("the built-in demo machine failed: " + e.getMessage(), e);
        }
    }

    public Kernel kernel() {
        return kernel;
    }

    /** daxscope's daxctl acting on this simulated machine. */
    public dev.daxscope.daxctl.DaxctlCommands daxctl() {
        return new dev.daxscope.daxctl.DaxctlCommands(new dev.daxscope.daxctl.SimSysfsAccess(kernel), this::snapshot);
    }

    /** A fault engine on this machine (the caller closes it). */
    public dev.daxscope.sim.fault.FaultEngine faultEngine(int workers) {
        return new dev.daxscope.sim.fault.FaultEngine(kernel, workers);
    }

    /** A .dax script that rebuilds the machine whose sysfs is at {@code sysRoot} (sim import-sysfs). */
    public static Imported importScript(java.nio.file.Path sysRoot, dev.daxscope.model.KernelProfile profile) {
        LinuxSource machine = new LinuxSource(sysRoot, sysRoot.toString());
        MachineSnapshot snap = machine.snapshot();
        java.util.List<String> warnings = new java.util.ArrayList<>(snap.warnings());
        String script = dev.daxscope.scenario.ScriptExporter.export(
                dev.daxscope.scenario.SnapshotImporter.toKernel(snap, machine.topology(), profile, warnings));
        return new Imported(script, warnings);
    }

    /** A script rebuilding a captured machine, and what could not be read or carried over ({@code PATH: why}). */
    public record Imported(String script, java.util.List<String> warnings) {
    }

    @Override
    public Optional<String> scenarioText() {
        return Optional.of(exportScript());
    }

    /** A .dax script that rebuilds this machine (sim export-script, "Save as scenario"). */
    public String exportScript() {
        return dev.daxscope.scenario.ScriptExporter.export(kernel);
    }

    /**
     * The same machine rebuilt under another kernel profile: this machine's script is replayed
     * with its {@code kernel} line changed, so every mapping and fault is taken again under
     * {@code profile}'s rules (e.g. per-mapping folio references appear or go away).
     */
    @Override
    public SimulatedSource underKernel(dev.daxscope.model.KernelProfile profile) {
        String script = exportScript().replaceFirst("(?m)^kernel \\S+", "kernel " + profile.version());
        try {
            return MachineLoader.source("this machine under kernel " + profile.version(), script);
        } catch (MachineLoader.LoadFailure e) {
            throw new IllegalStateException("this machine cannot be rebuilt under kernel " + profile.version() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Writes the simulated sysfs and /proc/iomem in the capture layout (sim export-sysfs). */
    public void exportSysfs(java.nio.file.Path dir) throws java.io.IOException {
        dev.daxscope.sim.SysfsExporter.export(kernel, dir);
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public MachineSnapshot snapshot() {
        return inspector.snapshot(name());
    }

    private dev.daxscope.model.MemoryTopology topology;
    private long topologyGeneration = -1;

    /**
     * The simulated machine's topology, read the way a real machine's is: its sysfs is exported
     * and read back by the same reader, so what the simulator shows is what its files say.
     * Computed again only when the machine changed.
     */
    @Override
    public synchronized dev.daxscope.model.MemoryTopology topology() {
        long generation = kernel.generation();
        if (topology != null && generation == topologyGeneration) {
            return topology;
        }
        topology = readExported(java.util.List.of(""), dir -> new dev.daxscope.linux.MemoryTopologyReader(dir.resolve("sys"), dir.resolve("proc")).read(),
                why -> dev.daxscope.model.MemoryTopology.unavailable(why));
        topologyGeneration = generation;
        return topology;
    }

    /** What the DAMON reader reads: DAMON's sysfs, DAMON_STAT, and the nodes' memory blocks (the window reads them every second). */
    private static final java.util.List<String> DAMON_FILES = java.util.List.of("sys/kernel/mm/damon", "sys/module/damon_stat",
            "sys/devices/system/node", "sys/devices/system/memory");

    private dev.daxscope.model.damon.DamonState damon;
    private long damonGeneration = -1;
    private long damonChanges = -1;

    /**
     * The simulated DAMON, read from the exported sysfs by the reader a real machine's goes through.
     * Exporting the tree costs hundreds of files, so it is read again only when DAMON or the
     * machine's structure (its memory blocks' nodes and states among it) changed.
     */
    @Override
    public synchronized dev.daxscope.model.damon.DamonState damon() {
        long generation = kernel.generation();
        long changes = kernel.damon().changes();
        if (damon != null && generation == damonGeneration && changes == damonChanges) {
            return damon;
        }
        damon = readExported(DAMON_FILES, dir -> new dev.daxscope.linux.DamonReader(dir.resolve("sys")).read(),
                dev.daxscope.model.damon.DamonState::absent);
        damonGeneration = generation;
        damonChanges = changes;
        return damon;
    }

    @Override
    public java.util.List<dev.daxscope.model.damon.HeatReport.PhysicalOwner> physicalOwners() {
        kernel.lock().readLock().lock();
        try {
            java.util.List<dev.daxscope.model.damon.HeatReport.PhysicalOwner> out = new java.util.ArrayList<>();
            for (var e : kernel.damon().extents()) {
                for (int pid : e.pids()) {
                    var p = kernel.processes().get(pid);
                    out.add(new dev.daxscope.model.damon.HeatReport.PhysicalOwner(pid, p == null ? "?" : p.name(), e.physStart(),
                            e.physStart() + e.bytes()));
                }
            }
            return out;
        } finally {
            kernel.lock().readLock().unlock();
        }
    }

    /** Exports the simulated sysfs subtrees {@code within} to a temporary directory, reads it with {@code reader}, and removes it. */
    private <T> T readExported(java.util.List<String> within, java.util.function.Function<java.nio.file.Path, T> reader,
                               java.util.function.Function<String, T> unavailable) {
        java.nio.file.Path dir = null;
        try {
            dir = java.nio.file.Files.createTempDirectory("daxscope-read");
            dev.daxscope.sim.SysfsExporter.export(kernel, dir, within);
            return reader.apply(dir);
        } catch (java.io.IOException e) {
            return unavailable.apply("the simulated sysfs could not be exported for reading: " + e.getMessage());
        } finally {
            if (dir != null) {
                try {
                    AtomicOutput.deleteTree(dir);
                } catch (java.io.IOException e) {
                    kernel.warn("temporary directory " + dir + " not removed: " + e.getMessage());
                }
            }
        }
    }

    private final SimulatedDamonControl damonControl = new SimulatedDamonControl(this::kernel);

    @Override
    public Optional<DamonControl> damonControl() {
        return Optional.of(damonControl);
    }

    @Override
    public long generation() {
        return kernel.generation();
    }

    @Override
    public Optional<FolioInfo> folio(String device, long pgoff) {
        kernel.lock().readLock().lock();
        try {
            return inspector.folio(device, pgoff);
        } finally {
            kernel.lock().readLock().unlock();
        }
    }

    @Override
    public java.util.List<MachineSnapshot.EntryInfo> entries(int pid, long vmaStart, int max) {
        return inspector.entries(pid, vmaStart, max);
    }

    @Override
    public PageMapSummary pageMap(String device, long fromFolio, long toFolio, int cells) {
        DevDax d = kernel.device(device).orElse(null);
        if (d == null) {
            return PageMapSummary.unavailable(device, "no device " + device);
        }
        FolioTable f = d.folios();
        long count = f == null ? d.size() / d.align() : f.folioCount();
        long[] w = PageMapSummary.window(fromFolio, toFolio, count);
        int n = (int) Math.max(0, Math.min(cells, w[1] - w[0]));
        int[] ref = new int[n];
        int[] map = new int[n];
        int[] pin = new int[n];
        byte[] flags = new byte[n];
        long[] stamp = new long[n];
        byte[] level = new byte[n];
        boolean[] poison = new boolean[n];
        if (f != null && n > 0) {
            f.summarize(w[0], w[1], n, ref, map, pin, flags, stamp);
            byte lv = (byte) (f.order() == 0 ? 1 : f.order() == 9 ? 2 : 3);
            for (int i = 0; i < n; i++) {
                level[i] = map[i] > 0 ? lv : 0;
                poison[i] = (flags[i] & FolioTable.FLAG_HWPOISON) != 0;
            }
        }
        // fsdev_dax's folios are order 0 whatever the align (R103); device_dax's are align-sized.
        long folioSize = f == null ? d.align() : DevDax.SZ_4K << f.order();
        return new PageMapSummary(device, count, folioSize, n, ref, map, pin, level, poison, stamp, f != null,
                f != null ? "" : device + " has no struct pages: it is not bound to device_dax or fsdev_dax.", false, w[0], w[1]);
    }

    @Override
    public EventBatch events(long from, int max) {
        EventRing.Poll p = kernel.events().poll(from, max);
        return new EventBatch(p.events(), p.dropped(), p.nextSeq());
    }

    @Override
    public ReadOutcome read(String path) {
        var r = kernel.sysfs().read(path);
        String t = r.text().endsWith("\n") ? r.text().substring(0, r.text().length() - 1) : r.text();
        return new ReadOutcome(t, r.outcome());
    }

    @Override
    public Outcome write(String path, String value) {
        return kernel.sysfs().write(path, value);
    }

    private final Object workloadLock = new Object();
    private dev.daxscope.sim.fault.FaultEngine engine;

    @Override
    public Optional<Workloads> workloads() {
        return Optional.of(new Workloads() {
            @Override
            public void start(WorkloadRequest w, int workers) {
                synchronized (workloadLock) {
                    stopEngine();
                    engine = faultEngine(workers);
                    try {
                        engine.start(w);
                    } catch (RuntimeException e) {
                        stopEngine();
                        throw new IllegalArgumentException(e.getMessage(), e);
                    }
                }
            }

            @Override
            public void runToEnd(WorkloadRequest w, int workers) {
                try (var e = faultEngine(workers)) {
                    e.run(w);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }

            @Override
            public void stop() {
                synchronized (workloadLock) {
                    stopEngine();
                }
            }

            @Override
            public boolean running() {
                synchronized (workloadLock) {
                    return engine != null && engine.running();
                }
            }

            @Override
            public int workers() {
                synchronized (workloadLock) {
                    return engine != null && engine.running() ? engine.workers() : 0;
                }
            }

            @Override
            public long accessesDone() {
                synchronized (workloadLock) {
                    return engine == null ? 0 : engine.accessesDone();
                }
            }
        });
    }

    private void stopEngine() {
        if (engine != null) {
            try {
                engine.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            engine = null;
        }
    }

    @Override
    public void close() {
        synchronized (workloadLock) {
            stopEngine();
        }
    }

    @Override
    public Optional<WhatIf> whatIf(String path, String value) {
        ScenarioRunner copy = copy();
        Outcome o = copy.kernel().sysfs().write(path, value);
        return Optional.of(new WhatIf(o, copy.inspector().snapshot("what if")));
    }

    @Override
    public Outcome daxctl(java.util.List<String> args) {
        return daxctl().run(args).outcome();
    }

    @Override
    public Optional<WhatIf> whatIfDaxctl(java.util.List<String> args) {
        ScenarioRunner copy = copy();
        SimulatedSource copied = new SimulatedSource(copy.kernel());
        Outcome o = copied.daxctl(args);
        return Optional.of(new WhatIf(o, copy.inspector().snapshot("what if")));
    }

    /** This machine rebuilt from its own script: dry runs change the copy, never this one. */
    private ScenarioRunner copy() {
        ScenarioRunner copy;
        try {
            copy = new ScenarioRunner(ScenarioParser.parse("what-if.dax", exportScript()));
        } catch (ScenarioError e) {
            throw new IllegalStateException("export-script produced an unreadable script: " + e.getMessage(), e);
        }
        while (copy.hasNext()) {
            copy.step();
        }
        return copy;
    }

    @Override
    public synchronized Stats stats() {
        long now = clock.getAsLong();
        long written = kernel.events().count(dev.daxscope.model.FaultEvent.Kind.FAULT);
        double dt = (now - lastSampleNanos) / 1e9;
        if (dt >= 0.25) {
            faultsPerSecond = (written - lastWritten) / dt;
            lastWritten = written;
            lastSampleNanos = now;
        }
        long heap = 0;
        long mapped = 0;
        for (DevDax d : kernel.devices()) {
            FolioTable f = d.folios();
            if (f != null) {
                heap += f.heapBytes();
                mapped += f.mappedFolios();
            }
        }
        heap += kernel.mm().pageTableHeapBytes();
        return new Stats(faultsPerSecond, written, kernel.events().count(dev.daxscope.model.FaultEvent.Kind.SIGNAL),
                mapped, heap);
    }
}
