package dev.daxscope.linux;

import static dev.daxscope.model.PageSizes.PAGE_SHIFT;

import dev.daxscope.model.FaultEvent;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MachineSnapshot.ProcessInfo;
import dev.daxscope.model.MachineSnapshot.VmaInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fault-log events a real machine's change between two polls implies. User space sees no
 * faults on device memory, so they are inferred, per page where it can be seen:
 * <ul>
 * <li>where /proc/PID/pagemap of the mapping could be read at both polls (one's own processes,
 * any as root), each page that became present is a FAULT and each that went away a ZAP, at its
 * address and page offset ({@code level} "page": pagemap does not say which entry maps it);</li>
 * <li>otherwise the mapping's smaps {@code Rss}: grown → one FAULT, shrunk or gone with pages →
 * one ZAP, at the mapping's start, the change in the result. smaps counts device pages only on
 * some kernels (6.1: huge entries; 6.12: none; 6.16: 4K entries; 6.18: all; docs/fidelity.md), so
 * elsewhere only pagemap shows anything.</li>
 * </ul>
 */
public final class MappingEvents {
    /** Pages of pagemap read per poll over all mappings (8 bytes each: 8 MiB); mappings past it fall back to Rss. */
    static final long PAGE_BUDGET = 1 << 20;
    /** Per-page events one poll may log; the rest of a large change is summarised in one event. */
    static final int PAGE_EVENTS_PER_POLL = 10_000;

    private MappingEvents() {
    }

    /** Which pages of each mapping were present at one poll, by mapping key; mappings not read are absent. */
    public record PresentPages(Map<String, BitSet> byMapping) {
        public static final PresentPages NONE = new PresentPages(Map.of());

        /** Process {@code pid}'s mapping {@code v} as pages (bit i = page i present), or null when it was not read. */
        public BitSet of(int pid, VmaInfo v) {
            return byMapping.get(key(pid, v));
        }
    }

    /**
     * Reads the present bits of every mapping of {@code snapshot} from {@code proc}/PID/pagemap,
     * within the page budget; a mapping whose pagemap cannot be read is left out.
     */
    public static PresentPages read(Path proc, MachineSnapshot snapshot) {
        Map<String, BitSet> out = new HashMap<>();
        long budget = PAGE_BUDGET;
        for (ProcessInfo p : snapshot.processes()) {
            for (VmaInfo v : p.vmas()) {
                long pages = (v.end() - v.start()) >>> PAGE_SHIFT;
                if (pages > budget) {
                    continue;
                }
                try {
                    BitSet present = new BitSet((int) pages);
                    Pagemap.forEachPresent(proc.resolve(Integer.toString(p.pid())), v.start(), pages, page -> {
                        present.set((int) page);
                        return true;
                    });
                    out.put(key(p.pid(), v), present);
                    budget -= pages;
                } catch (IOException | RuntimeException e) {
                    // Not readable (another user's process without root, or it exited): Rss it is.
                }
            }
        }
        return new PresentPages(out);
    }

    /** Events from {@code before} to {@code after}, numbered from {@code firstSeq}, stamped {@code nanos}. */
    public static List<FaultEvent> between(MachineSnapshot before, PresentPages presentBefore, MachineSnapshot after,
                                           PresentPages presentAfter, long firstSeq, long nanos) {
        Map<String, Seen> old = mappings(before);
        Map<String, Seen> now = mappings(after);
        List<FaultEvent> out = new ArrayList<>();
        for (Map.Entry<String, Seen> e : now.entrySet()) {
            Seen was = old.get(e.getKey());
            BitSet pagesNow = presentAfter.byMapping().get(e.getKey());
            BitSet pagesBefore = was == null ? new BitSet() : presentBefore.byMapping().get(e.getKey());
            if (pagesNow != null && pagesBefore != null) {
                pageEvents(out, firstSeq, nanos, e.getValue(), pagesBefore, pagesNow);
                continue;
            }
            long delta = rss(e.getValue()) - (was == null ? 0 : rss(was));
            if (delta != 0) {
                out.add(rssEvent(firstSeq + out.size(), nanos, e.getValue(), delta));
            }
        }
        for (Map.Entry<String, Seen> e : old.entrySet()) {
            if (now.containsKey(e.getKey())) {
                continue;
            }
            BitSet pagesBefore = presentBefore.byMapping().get(e.getKey());
            if (pagesBefore != null) {
                pageEvents(out, firstSeq, nanos, e.getValue(), pagesBefore, new BitSet());
            } else if (rss(e.getValue()) > 0) {
                out.add(rssEvent(firstSeq + out.size(), nanos, e.getValue(), -rss(e.getValue())));
            }
        }
        return out;
    }

    private record Seen(int pid, VmaInfo vma) {
    }

    private static String key(int pid, VmaInfo v) {
        return pid + "@" + Long.toHexString(v.start()) + ":" + v.device() + ":" + v.pgoff();
    }

    private static Map<String, Seen> mappings(MachineSnapshot s) {
        Map<String, Seen> out = new LinkedHashMap<>();
        for (ProcessInfo p : s.processes()) {
            for (VmaInfo v : p.vmas()) {
                out.put(key(p.pid(), v), new Seen(p.pid(), v));
            }
        }
        return out;
    }

    /** One FAULT per page that became present, one ZAP per page that went away, up to the per-poll cap. */
    private static void pageEvents(List<FaultEvent> out, long firstSeq, long nanos, Seen s, BitSet before, BitSet now) {
        BitSet faulted = (BitSet) now.clone();
        faulted.andNot(before);
        BitSet zapped = (BitSet) before.clone();
        zapped.andNot(now);
        int over = 0;
        for (BitSet changed : List.of(faulted, zapped)) {
            FaultEvent.Kind kind = changed == faulted ? FaultEvent.Kind.FAULT : FaultEvent.Kind.ZAP;
            for (int page = changed.nextSetBit(0); page >= 0; page = changed.nextSetBit(page + 1)) {
                if (out.size() >= PAGE_EVENTS_PER_POLL) {
                    over++;
                    continue;
                }
                out.add(new FaultEvent(firstSeq + out.size(), nanos, kind, s.pid(), s.vma().start() + ((long) page << PAGE_SHIFT),
                        s.vma().device(), s.vma().pgoff() + page, -1, "page",
                        (kind == FaultEvent.Kind.FAULT ? "now present" : "no longer present") + " (pagemap)"));
            }
        }
        if (over > 0) {
            out.add(new FaultEvent(firstSeq + out.size(), nanos, FaultEvent.Kind.FAULT, s.pid(), s.vma().start(),
                    s.vma().device(), s.vma().pgoff(), -1, "-", over + " more pages changed (pagemap; not listed)"));
        }
    }

    private static long rss(Seen s) {
        return Math.max(0, s.vma().observedSmapsRss());
    }

    private static FaultEvent rssEvent(long seq, long nanos, Seen s, long deltaBytes) {
        return new FaultEvent(seq, nanos, deltaBytes > 0 ? FaultEvent.Kind.FAULT : FaultEvent.Kind.ZAP, s.pid(),
                s.vma().start(), s.vma().device(), s.vma().pgoff(), -1, "-",
                "Rss " + (deltaBytes > 0 ? "+" : "-") + Math.abs(deltaBytes) / 1024 + " KiB (smaps)");
    }
}
