package dev.daxscope.linux;

import dev.daxscope.model.FaultEvent;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MachineSnapshot.ProcessInfo;
import dev.daxscope.model.MachineSnapshot.VmaInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fault-log events a real machine's change between two polls implies. User space sees no
 * faults on device memory, only each /dev/dax mapping's smaps {@code Rss}: where it grew, pages
 * were faulted in (FAULT); where it shrank or the mapping went away with pages in it, entries
 * were zapped (ZAP). One event per mapping and poll, at the mapping's start, level "-" (smaps
 * does not say which level), the Rss change in the result. Before 6.16 smaps does not count
 * device pages (devdax-semantics §15), so those kernels show no such events.
 */
public final class MappingEvents {
    private MappingEvents() {
    }

    /** Events from {@code before} to {@code after}, numbered from {@code firstSeq}, stamped {@code nanos}. */
    public static List<FaultEvent> between(MachineSnapshot before, MachineSnapshot after, long firstSeq, long nanos) {
        Map<String, Seen> old = mappings(before);
        Map<String, Seen> now = mappings(after);
        List<FaultEvent> out = new ArrayList<>();
        for (Map.Entry<String, Seen> e : now.entrySet()) {
            Seen was = old.get(e.getKey());
            long delta = rss(e.getValue()) - (was == null ? 0 : rss(was));
            if (delta != 0) {
                out.add(event(firstSeq + out.size(), nanos, e.getValue(), delta));
            }
        }
        for (Map.Entry<String, Seen> e : old.entrySet()) {
            if (!now.containsKey(e.getKey()) && rss(e.getValue()) > 0) {
                out.add(event(firstSeq + out.size(), nanos, e.getValue(), -rss(e.getValue())));
            }
        }
        return out;
    }

    private record Seen(int pid, VmaInfo vma) {
    }

    private static Map<String, Seen> mappings(MachineSnapshot s) {
        Map<String, Seen> out = new LinkedHashMap<>();
        for (ProcessInfo p : s.processes()) {
            for (VmaInfo v : p.vmas()) {
                out.put(p.pid() + "@" + Long.toHexString(v.start()) + ":" + v.device() + ":" + v.pgoff(), new Seen(p.pid(), v));
            }
        }
        return out;
    }

    private static long rss(Seen s) {
        return Math.max(0, s.vma().observedSmapsRss());
    }

    private static FaultEvent event(long seq, long nanos, Seen s, long deltaBytes) {
        return new FaultEvent(seq, nanos, deltaBytes > 0 ? FaultEvent.Kind.FAULT : FaultEvent.Kind.ZAP, s.pid(),
                s.vma().start(), s.vma().device(), s.vma().pgoff(), -1, "-",
                "Rss " + (deltaBytes > 0 ? "+" : "-") + Math.abs(deltaBytes) / 1024 + " KiB (smaps)");
    }
}
