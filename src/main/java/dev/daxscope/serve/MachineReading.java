package dev.daxscope.serve;

import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MemoryTopology;
import java.util.List;
import java.util.Map;

/**
 * What one scrape exports: the machine's snapshot, its NUMA nodes and memory tiers, and, for a
 * simulated machine, its event counters so far (null for real machines and captures, which have
 * no simulator events).
 *
 * @param damon       DAMON's monitors and DAMON_STAT (its notes are not warnings: a kernel without DAMON_STAT is no problem)
 * @param warnings    what could not be read, from both the snapshot and the topology
 * @param readSeconds how long reading the machine took
 * @param sequence    which read of the machine this is, counting from 1: a later reading has a larger one
 */
record MachineReading(MachineSnapshot snapshot, MemoryTopology topology, dev.daxscope.model.damon.DamonState damon,
                      List<String> warnings, SimCounters sim, double readSeconds, long sequence) {
    MachineReading {
        warnings = List.copyOf(warnings);
    }

    /**
     * Faults per device and level, signals per signal name, and events the exporter could not
     * read because the simulator's event ring had overwritten them (they are in neither map).
     */
    record SimCounters(Map<DeviceLevel, Long> faults, Map<String, Long> signals, long dropped) {
        SimCounters {
            faults = Map.copyOf(faults);
            signals = Map.copyOf(signals);
        }
    }

    record DeviceLevel(String device, String level) {
    }
}
