package dev.daxscope.serve;

import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
import dev.daxscope.model.MachineSnapshot;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exporter's metrics, all taken from one {@link MachineReading} (so every family describes
 * the same moment). Names follow Prometheus conventions: base units, counters end in
 * {@code _total}, {@code _info} carries labels with value 1. Families the machine cannot show
 * (a real machine's folio counters and poison, R99) are left out rather than exported as zero.
 */
final class DaxMetrics implements MultiCollector {
    private final MachineReading reading;

    /** The metrics of {@code reading}: every scrape rendered with them describes that one reading. */
    DaxMetrics(MachineReading reading) {
        this.reading = reading;
    }

    @Override
    public MetricSnapshots collect() {
        return snapshots(reading);
    }

    static MetricSnapshots snapshots(MachineReading reading) {
        MachineSnapshot s = reading.snapshot();
        List<MetricSnapshot> out = new ArrayList<>();
        devices(s, reading.sim() != null, out);
        regions(s, out);
        out.addAll(NodeMetrics.of(s, reading.topology()));
        out.addAll(DamonMetrics.of(reading.damon()));
        out.add(gauge("daxscope_read_warnings", null,
                "Problems met reading the machine (a file that could not be read or parsed), one sample per problem.",
                reading.warnings().stream().distinct().map(w -> point(1, "what", w)).toList()));
        out.add(gauge("daxscope_snapshot_read_seconds", Unit.SECONDS, "How long the last read of the machine took.",
                List.of(point(reading.readSeconds()))));
        if (reading.sim() != null) {
            sim(reading.sim(), out);
        }
        return new MetricSnapshots(out);
    }

    private static void devices(MachineSnapshot s, boolean simulated, List<MetricSnapshot> out) {
        List<GaugeDataPointSnapshot> size = new ArrayList<>();
        List<InfoSnapshot.InfoDataPointSnapshot> info = new ArrayList<>();
        List<GaugeDataPointSnapshot> blocks = new ArrayList<>();
        List<GaugeDataPointSnapshot> poisoned = new ArrayList<>();
        List<GaugeDataPointSnapshot> mapped = new ArrayList<>();
        for (DeviceInfo d : s.devices()) {
            String region = String.valueOf(d.regionId());
            String mode = d.mode();
            size.add(point(d.size(), "device", d.name(), "region", region, "mode", mode));
            info.add(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("device", d.name(), "region", region,
                    "driver", d.bound() ? d.driver().sysfsName() : "unbound", "mode", mode,
                    "target_node", d.targetNode() == null || d.targetNode() < 0 ? "none" : d.targetNode().toString()))
                    .build());
            if (d.systemRam()) {
                blocks.add(point(d.onlineBlocks(), "device", d.name(), "state", "online"));
                blocks.add(point(d.totalBlocks() - d.onlineBlocks(), "device", d.name(), "state", "offline"));
            }
            if (simulated) {
                poisoned.add(point(d.poisoned().size(), "device", d.name()));
                // A folio is all mapped or not at all (devdax maps whole folios); its size is the device's over its count.
                mapped.add(point(d.folioCount() == 0 ? 0 : (double) d.mappedFolios() * (d.size() / d.folioCount()),
                        "device", d.name()));
            }
        }
        out.add(gauge("daxscope_device_size_bytes", Unit.BYTES, "Size of a device-DAX device.", size));
        InfoSnapshot.Builder deviceInfo = InfoSnapshot.builder().name("daxscope_device")
                .help("A device-DAX device: its region, driver (device_dax, kmem, fsdev_dax or unbound), mode (devdax, system-ram or famfs) and target NUMA node.");
        info.forEach(deviceInfo::dataPoint);
        out.add(deviceInfo.build());
        out.add(gauge("daxscope_memory_blocks", null,
                "Memory blocks of a system-ram (kmem) device by state: online or offline.", blocks));
        if (simulated) {
            out.add(gauge("daxscope_device_poisoned_pages", null, "4 KiB pages of a device reported poisoned.", poisoned));
            out.add(gauge("daxscope_device_mapped_bytes", Unit.BYTES,
                    "Bytes of a device mapped into some process's page tables.", mapped));
        }
    }

    private static void regions(MachineSnapshot s, List<MetricSnapshot> out) {
        List<GaugeDataPointSnapshot> size = new ArrayList<>();
        List<GaugeDataPointSnapshot> available = new ArrayList<>();
        for (RegionInfo r : s.regions()) {
            String region = String.valueOf(r.id());
            size.add(point(r.size(), "region", region, "kind", r.kind().keyword()));
            if (r.availableSize() != null) {
                available.add(point(r.availableSize(), "region", region));
            }
        }
        out.add(gauge("daxscope_region_size_bytes", Unit.BYTES,
                "Size of a dax region; kind is cxl, hmem, pmem or dynamic.", size));
        out.add(gauge("daxscope_region_available_bytes", Unit.BYTES,
                "Bytes of a dynamic dax region not yet given to a device (static regions have none to give).", available));
    }

    private static void sim(MachineReading.SimCounters sim, List<MetricSnapshot> out) {
        List<CounterDataPointSnapshot> faults = sim.faults().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(MachineReading.DeviceLevel::device)
                        .thenComparing(MachineReading.DeviceLevel::level)))
                .map(e -> counterPoint(e.getValue(), "device", e.getKey().device(), "level", e.getKey().level())).toList();
        out.add(counter("daxscope_sim_faults", "Page faults the simulated kernel served, by device and level (PTE, PMD, PUD).",
                faults));
        out.add(counter("daxscope_sim_signals", "Signals the simulated kernel sent to processes, by signal.",
                withSigbus(sim.signals()).entrySet().stream().map(e -> counterPoint(e.getValue(), "signal", e.getKey()))
                        .toList()));
        out.add(counter("daxscope_sim_events_dropped",
                "Simulator events the exporter did not see because the event ring overwrote them first.",
                List.of(counterPoint(sim.dropped()))));
    }

    /**
     * The signals so far, SIGBUS (the one the simulator sends) always among them: a counter that
     * exists at 0 lets rate() and increase() see its first increment.
     */
    private static Map<String, Long> withSigbus(Map<String, Long> signals) {
        Map<String, Long> all = new TreeMap<>(signals);
        all.putIfAbsent("SIGBUS", 0L);
        return all;
    }

    static GaugeSnapshot gauge(String name, Unit unit, String help, List<GaugeDataPointSnapshot> points) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        if (unit != null) {
            b.unit(unit);
        }
        points.forEach(b::dataPoint);
        return b.build();
    }

    static CounterSnapshot counter(String name, String help, List<CounterDataPointSnapshot> points) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        points.forEach(b::dataPoint);
        return b.build();
    }

    static GaugeDataPointSnapshot point(double value, String... labels) {
        return GaugeDataPointSnapshot.builder().labels(Labels.of(labels)).value(value).build();
    }

    static CounterDataPointSnapshot counterPoint(double value, String... labels) {
        return CounterDataPointSnapshot.builder().labels(Labels.of(labels)).value(value).build();
    }
}
