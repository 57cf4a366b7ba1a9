package dev.daxscope.ui;

import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MemoryTopology;
import dev.daxscope.source.DaxSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Why the Processes view lists nobody: no device-DAX device and no node fed by one, no process
 * using them, a node nobody has pages on, or processes that could not be read (the readers' own
 * notes, which say "need root" only when daxscope does not run as root).
 */
final class ProcessesEmptyState {
    private ProcessesEmptyState() {
    }

    static String explain(DaxSource source, MachineSnapshot snapshot, MemoryTopology t, Integer node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            out.add("No process" + (source.simulated() ? "" : " that could be read") + " has pages on node " + node
                    + (t.node(node).map(n -> n.hasMemory() ? "" : " (it has no memory online)").orElse(" (no such node)"))
                    + ". Choose \"all processes\" to see every process using device-DAX memory.");
        } else if (source.simulated()) {
            out.add("No simulated process maps a device-DAX device or holds pages on a node fed by one. A scenario adds"
                    + " them: spawn P, P open /dev/daxX.Y as F, P mmap F len=SIZE as A; or P alloc len=SIZE node=N.");
        } else if (snapshot.devices().isEmpty()) {
            out.add(source.name() + " has no device-DAX devices (/sys/bus/dax/devices is empty): no process can map"
                    + " /dev/daxX.Y, and no NUMA node is fed by dax memory (kmem).");
        } else {
            out.add("No process on " + source.name() + " maps a device-DAX device (/proc/PID/maps) or has pages on a node"
                    + " fed by one (/proc/PID/numa_maps).");
        }
        snapshot.warnings().stream().filter(w -> w.contains("mappings")).forEach(out::add);
        t.warnings().stream().filter(w -> w.contains("numa_maps") || w.startsWith("/proc:")).forEach(out::add);
        return String.join("\n", out);
    }
}
