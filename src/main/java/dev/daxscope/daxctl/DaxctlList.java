package dev.daxscope.daxctl;

import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.RangeInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code daxctl list} over a machine snapshot (daxctl-compat.md §1.2): key names and order,
 * omitted keys, reverse mapping order, {@code -u} formats, a lone element printed without its
 * array under {@code -u}. Regions come by ascending id, devices by ascending id.
 */
public final class DaxctlList {

    /** The options of {@code daxctl list}. {@code region}/{@code device} filters are null or "all" for no filter. */
    public record Options(boolean regions, boolean devices, boolean mappings, boolean idle, boolean human, String region,
                          String device) {
        /** With no -R/-D the listing is of devices, as daxctl does. */
        public Options normalized() {
            boolean anyClass = regions || devices;
            return new Options(regions, devices || !anyClass, mappings, idle, human, region, device);
        }
    }

    private DaxctlList() {
    }

    /** The JSON value daxctl would print (a list, a single object under -u, or null when empty). */
    public static Object listing(MachineSnapshot snap, Options raw) {
        Options o = raw.normalized();
        List<Object> top = new ArrayList<>();
        for (RegionInfo r : snap.regions()) {
            if (!regionMatches(r, o.region())) {
                continue;
            }
            List<Object> devs = new ArrayList<>();
            for (DeviceInfo d : r.devices()) {
                if (deviceMatches(d, o.device()) && (o.idle() || d.size() > 0)) {
                    devs.add(device(d, o));
                }
            }
            if (o.regions()) {
                Map<String, Object> reg = JsonC.object();
                reg.put("path", r.path());
                reg.put("id", r.id());
                reg.put("size", size(r.size(), o.human()));
                if (r.availableSize() != null && r.availableSize() > 0) {
                    reg.put("available_size", size(r.availableSize(), o.human()));
                }
                reg.put("align", r.align());
                if (o.devices() && !devs.isEmpty()) {
                    reg.put("devices", devs);
                }
                if (o.devices() && devs.isEmpty() && o.device() != null && !"all".equals(o.device())) {
                    continue;
                }
                top.add(reg);
            } else {
                top.addAll(devs);
            }
        }
        if (top.isEmpty()) {
            return null;
        }
        if (o.human() && top.size() == 1) {
            return top.get(0);
        }
        return top;
    }

    public static String print(MachineSnapshot snap, Options o) {
        Object v = listing(snap, o);
        return v == null ? "" : JsonC.print(v);
    }

    private static boolean regionMatches(RegionInfo r, String filter) {
        if (filter == null || filter.equals("all")) {
            return true;
        }
        String f = filter.startsWith("region") ? filter.substring(6) : filter;
        return f.equals(Integer.toString(r.id()));
    }

    private static boolean deviceMatches(DeviceInfo d, String filter) {
        if (filter == null || filter.equals("all")) {
            return true;
        }
        return filter.equals(d.name()) || ("dax" + filter).equals(d.name());
    }

    private static Map<String, Object> device(DeviceInfo d, Options o) {
        Map<String, Object> dev = JsonC.object();
        dev.put("chardev", d.name());
        dev.put("size", size(d.size(), o.human()));
        if (d.targetNode() != null && d.targetNode() >= 0) {
            dev.put("target_node", d.targetNode());
        }
        if (d.align() > 0) {
            dev.put("align", size(d.align(), o.human())); // util_json_object_size, as for size (a region's align is raw)
        }
        boolean systemRam = d.systemRam();
        dev.put("mode", systemRam ? "system-ram" : "devdax");
        if (systemRam && d.totalBlocks() > 0) {
            dev.put("online_memblocks", d.onlineBlocks());
            dev.put("total_memblocks", d.totalBlocks());
            if (d.onlineBlocks() == d.totalBlocks()) {
                dev.put("movable", d.movable());
            }
        }
        if (!d.bound()) {
            dev.put("state", "disabled");
        }
        if (o.mappings() && !d.ranges().isEmpty()) {
            List<Object> maps = new ArrayList<>();
            List<RangeInfo> ranges = new ArrayList<>(d.ranges());
            ranges.sort((a, b) -> Integer.compare(b.mappingId(), a.mappingId()));
            for (RangeInfo r : ranges) {
                Map<String, Object> m = JsonC.object();
                m.put("page_offset", o.human() ? cHex(r.pgoff()) : (Object) r.pgoff());
                m.put("start", o.human() ? cHex(r.start()) : (Object) r.start());
                m.put("end", o.human() ? cHex(r.end()) : (Object) r.end());
                m.put("size", size(r.size(), o.human()));
                maps.add(m);
            }
            dev.put("mappings", maps);
        }
        return dev;
    }

    /** C's {@code %#llx}: zero prints as {@code 0}. */
    private static String cHex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }

    /**
     * util/json.c's size format: with -u, below 5000 KiB the raw number (display_size prints it
     * unquoted, so it stays a JSON number), else binary and decimal units with two decimals.
     */
    private static Object size(long bytes, boolean human) {
        return human && bytes >= 5000L * 1024 ? humanSize(bytes) : (Object) bytes;
    }

    /** A size of 5000 KiB or more as util/json.c prints it with -u. */
    private static String humanSize(long bytes) {
        String[] bin;
        double b;
        double d;
        if (bytes < 2L * (1L << 30)) {
            b = bytes / (double) (1L << 20);
            d = bytes / 1e6;
            bin = new String[] {"MiB", "MB"};
        } else if (bytes < 2L * (1L << 40)) {
            b = bytes / (double) (1L << 30);
            d = bytes / 1e9;
            bin = new String[] {"GiB", "GB"};
        } else {
            b = bytes / (double) (1L << 40);
            d = bytes / 1e12;
            bin = new String[] {"TiB", "TB"};
        }
        return String.format(Locale.ROOT, "%.2f %s (%.2f %s)", b, bin[0], d, bin[1]);
    }
}
