package dev.daxscope.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One /proc/iomem line that concerns device-DAX: a Soft Reserved, Persistent Memory or CXL
 * Window range and what nests in it (hmem, namespaces, regions, daxX.Y, "System RAM (kmem)").
 * {@code depth} is the line's nesting level. Non-root readers see every address as 0.
 */
public record IomemRange(long start, long end, String name, int depth) {
    private static final Pattern LINE = Pattern.compile("^( *)([0-9a-fA-F]{1,16})-([0-9a-fA-F]{1,16}) : (.*)$");
    private static final Pattern RELEVANT = Pattern.compile("Soft Reserved|Persistent Memory.*|CXL Window.*|dax\\d+\\.\\d+"
            + "|dax_region.*|hmem.*|System RAM \\(kmem\\)|namespace\\d+\\.\\d+|region\\d+");

    /**
     * The device-DAX part of /proc/iomem text: each top-level range that is, or holds, a relevant
     * range, with its relevant descendants. Lines that do not parse are skipped.
     */
    public static List<IomemRange> daxRanges(String iomem) {
        List<IomemRange> all = new ArrayList<>();
        for (String line : iomem.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                all.add(new IomemRange(Long.parseUnsignedLong(m.group(2), 16), Long.parseUnsignedLong(m.group(3), 16),
                        m.group(4).strip(), m.group(1).length() / 2));
            }
        }
        List<IomemRange> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).depth() != 0) {
                continue;
            }
            int end = i + 1;
            while (end < all.size() && all.get(end).depth() > 0) {
                end++;
            }
            List<IomemRange> subtree = all.subList(i, end);
            if (subtree.stream().anyMatch(IomemRange::relevant)) {
                out.add(all.get(i));
                subtree.stream().skip(1).filter(IomemRange::relevant).forEach(out::add);
            }
        }
        return out;
    }

    public boolean relevant() {
        return RELEVANT.matcher(name).matches();
    }

    /** Whether the addresses were hidden from the reader (all zero: /proc/iomem shows them to root only). */
    public static boolean addressesHidden(List<IomemRange> ranges) {
        return !ranges.isEmpty() && ranges.stream().allMatch(r -> r.start() == 0 && r.end() == 0);
    }
}
