package dev.daxscope.linux;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.MemoryBlockInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
import dev.daxscope.model.MachineSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What changed between two snapshots: regions, devices, ranges, drivers, memory blocks, mappings. */
public final class SnapshotDiff {
    private SnapshotDiff() {
    }

    public static List<String> diff(MachineSnapshot a, MachineSnapshot b) {
        List<String> out = new ArrayList<>();
        Map<Integer, RegionInfo> ra = a.regions().stream().collect(Collectors.toMap(RegionInfo::id, Function.identity()));
        Map<Integer, RegionInfo> rb = b.regions().stream().collect(Collectors.toMap(RegionInfo::id, Function.identity()));
        for (int id : union(ra.keySet(), rb.keySet())) {
            RegionInfo x = ra.get(id);
            RegionInfo y = rb.get(id);
            if (x == null || y == null) {
                out.add((x == null ? "+ region " : "- region ") + id);
            } else if (!Objects.equals(x.availableSize(), y.availableSize())) {
                out.add("~ region " + id + " available_size " + x.availableSize() + " -> " + y.availableSize());
            }
        }
        Map<String, DeviceInfo> da = byName(a);
        Map<String, DeviceInfo> db = byName(b);
        for (String name : union(da.keySet(), db.keySet())) {
            DeviceInfo x = da.get(name);
            DeviceInfo y = db.get(name);
            if (x == null || y == null) {
                out.add((x == null ? "+ " : "- ") + name + " " + describe(x == null ? y : x));
                continue;
            }
            if (x.size() != y.size()) {
                out.add("~ " + name + " size " + x.size() + " -> " + y.size());
            }
            if (x.align() != y.align()) {
                out.add("~ " + name + " align " + x.align() + " -> " + y.align());
            }
            if (x.driver() != y.driver()) {
                out.add("~ " + name + " driver " + label(x.driver()) + " -> " + label(y.driver()));
            }
            if (!x.ranges().equals(y.ranges())) {
                out.add("~ " + name + " ranges " + ranges(x) + " -> " + ranges(y));
            }
            if (x.onlineBlocks() != y.onlineBlocks()) {
                out.add("~ " + name + " online memory blocks " + x.onlineBlocks() + " -> " + y.onlineBlocks());
            }
        }
        Map<Long, MemoryBlockInfo> ba = blocks(a);
        Map<Long, MemoryBlockInfo> bb = blocks(b);
        for (long i : union(ba.keySet(), bb.keySet())) {
            MemoryBlockInfo x = ba.get(i);
            MemoryBlockInfo y = bb.get(i);
            if (x == null || y == null) {
                out.add((x == null ? "+ memory" : "- memory") + i);
            } else if (x.online() != y.online()) {
                out.add("~ memory" + i + (y.online() ? " offline -> online" : " online -> offline"));
            }
        }
        Map<Integer, Integer> ma = mappings(a);
        Map<Integer, Integer> mb = mappings(b);
        for (int pid : union(ma.keySet(), mb.keySet())) {
            int x = ma.getOrDefault(pid, 0);
            int y = mb.getOrDefault(pid, 0);
            if (x != y) {
                out.add("~ pid " + pid + " device-DAX mappings " + x + " -> " + y);
            }
        }
        return out;
    }

    static <K extends Comparable<K>> List<K> union(java.util.Set<K> a, java.util.Set<K> b) {
        java.util.TreeSet<K> s = new java.util.TreeSet<>(a);
        s.addAll(b);
        return new ArrayList<>(s);
    }

    private static Map<String, DeviceInfo> byName(MachineSnapshot s) {
        Map<String, DeviceInfo> m = new TreeMap<>();
        s.devices().forEach(d -> m.put(d.name(), d));
        return m;
    }

    private static Map<Long, MemoryBlockInfo> blocks(MachineSnapshot s) {
        Map<Long, MemoryBlockInfo> m = new TreeMap<>();
        s.memory().blocks().forEach(b -> m.put(b.index(), b));
        return m;
    }

    private static Map<Integer, Integer> mappings(MachineSnapshot s) {
        Map<Integer, Integer> m = new TreeMap<>();
        s.processes().forEach(p -> m.put(p.pid(), p.vmas().size()));
        return m;
    }

    private static String label(DriverKind driver) {
        return driver.bound() ? driver.label() : "(unbound)";
    }

    private static String describe(DeviceInfo d) {
        return d.size() + " bytes, " + label(d.driver());
    }

    private static String ranges(DeviceInfo d) {
        return d.ranges().stream().map(r -> "0x" + Long.toHexString(r.start()) + "-0x" + Long.toHexString(r.end()))
                .collect(Collectors.joining(",", "[", "]"));
    }
}
