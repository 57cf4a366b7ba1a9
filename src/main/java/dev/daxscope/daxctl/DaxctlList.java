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
 * {@code daxctl list} over a machine snapshot (docs/language.md §7, `daxscope list`): key names and order,
 * omitted keys, reverse mapping order, {@code -u} formats, a lone element printed without its
 * array under {@code -u}. Regions come by ascending id, devices by ascending id.
 */
public final class DaxctlList {

    /** The options of {@code daxctl list}. {@code region}/{@code device} filters are null or "all" for no filter. */
    public record Options(boolean regions, boolean devices, boolean mappings, boolean idle, boolean human, String region,
                          String device) {
        /**
         * daxctl/list.c's defaults: with neither -R nor -D, a region filter lists regions and a
         * device filter devices (both: regions holding their devices); with no filter either, devices.
         */
        public Options normalized() {
            if (regions || devices) {
                return this;
            }
            boolean r = region != null;
            boolean d = device != null || !r;
            return new Options(r, d, mappings, idle, human, region, device);
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
        dev.put("mode", d.mode());
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

    /** Under -u, util/json.c prints sizes below 5000 KiB as plain JSON numbers and larger ones as strings. */
    private static Object size(long bytes, boolean human) {
        return human && bytes >= HUMAN_MIN ? humanSize(bytes) : (Object) bytes;
    }

    private static final long HUMAN_MIN = 5000L * 1024;

    /**
     * util/json.c's display_size for sizes of 5000 KiB and more: binary and decimal units with two
     * decimals, rounded half up in integer hundredths exactly as the C code does.
     */
    public static String humanSize(long bytes) {
        int shift = bytes < 2L << 30 ? 20 : bytes < 2L << 40 ? 30 : 40;
        long decimalUnit = shift == 20 ? 1_000_000L : shift == 30 ? 1_000_000_000L : 1_000_000_000_000L;
        // (bytes * 200 >> shift), split so that it cannot overflow.
        long doubledBinary = (bytes >>> shift) * 200 + ((bytes & ((1L << shift) - 1)) * 200 >>> shift);
        long centiBinary = (doubledBinary + 1) / 2;
        long centiDecimal = (bytes / (decimalUnit / 200) + 1) / 2;
        String[] units = shift == 20 ? new String[] {"MiB", "MB"} : shift == 30 ? new String[] {"GiB", "GB"}
                : new String[] {"TiB", "TB"};
        return hundredths(centiBinary) + " " + units[0] + " (" + hundredths(centiDecimal) + " " + units[1] + ")";
    }

    private static String hundredths(long centi) {
        return String.format(Locale.ROOT, "%d.%02d", centi / 100, centi % 100);
    }
}
