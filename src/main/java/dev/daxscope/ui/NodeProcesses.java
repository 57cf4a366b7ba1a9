package dev.daxscope.ui;

import dev.daxscope.model.MemoryTopology;
import dev.daxscope.model.MemoryTopology.NumaMapping;
import dev.daxscope.model.MemoryTopology.ProcessNumaPages;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The processes with pages on one NUMA node, from numa_maps: bytes are each mapping's
 * {@code N<node>=} pages times its {@code kernelpagesize_kB}, largest first (ties by pid).
 */
final class NodeProcesses {
    private NodeProcesses() {
    }

    /** One process's share of a node; {@code pagesBySize} maps a page size in kB to the pages of that size. */
    record Row(int pid, String name, long bytes, Map<Long, Long> pagesBySize) {
        /** "768 MiB (196608 pages × 4 kB)", with a term per page size when the mappings differ. */
        String sizeText() {
            List<String> terms = new ArrayList<>();
            pagesBySize.forEach((kb, pages) -> terms.add(pages + (terms.isEmpty() ? " pages" : "") + " × " + kb + " kB"));
            return Format.size(bytes) + " (" + String.join(" + ", terms) + ")";
        }
    }

    static List<Row> rows(MemoryTopology topology, int node) {
        List<Row> out = new ArrayList<>();
        for (ProcessNumaPages p : topology.processes()) {
            Map<Long, Long> bySize = new TreeMap<>();
            for (NumaMapping m : p.mappings()) {
                long pages = m.pagesPerNode().getOrDefault(node, 0L);
                if (pages > 0) {
                    bySize.merge(m.pageSizeKb(), pages, Long::sum);
                }
            }
            long bytes = p.bytesPerNode().getOrDefault(node, 0L);
            if (bytes > 0) {
                out.add(new Row(p.pid(), p.name(), bytes, bySize));
            }
        }
        out.sort(Comparator.comparingLong(Row::bytes).reversed().thenComparingInt(Row::pid));
        return out;
    }

    /** "N0 12 MiB, N2 768 MiB": a process's bytes per node, or "" when it has none. */
    static String perNodeText(ProcessNumaPages p) {
        List<String> parts = new ArrayList<>();
        p.bytesPerNode().forEach((n, b) -> parts.add("N" + n + " " + Format.size(b)));
        return String.join(", ", parts);
    }
}
