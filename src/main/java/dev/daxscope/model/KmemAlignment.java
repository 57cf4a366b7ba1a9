package dev.daxscope.model;

import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.RangeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What kmem can hot-add of a device-DAX device (R84): each range's start rounded up and its
 * end + 1 rounded down to the memory block size; a range with no whole block left is skipped, a
 * device with none at all, or without a target node, is refused. The simulated kernel's kmem
 * probe and the inspector's system-ram preview of a real machine both use this one arithmetic.
 */
public final class KmemAlignment {
    private KmemAlignment() {
    }

    /** The hot-pluggable part {start, end} (end inclusive) of range {@code [start, end]}; empty when no whole block fits. */
    public static Optional<long[]> hotplugRange(long start, long end, long block) {
        long s = Math.ceilDiv(start, block) * block;
        long e = Math.floorDiv(end + 1, block) * block - 1;
        return e > s ? Optional.of(new long[] {s, e}) : Optional.empty();
    }

    /**
     * The memory blocks (their indexes, as in {@code memoryN}) a reconfigure to system-ram would
     * add, the bytes they cover and the bytes lost to the alignment; or why the probe refuses.
     */
    public record Preview(List<Long> blocks, long usable, long lost, String refusal) {
        public Preview {
            blocks = List.copyOf(blocks);
        }
    }

    /** The preview for {@code device} with memory blocks of {@code block} bytes. */
    public static Preview preview(DeviceInfo device, long block) {
        if (device.targetNode() == null || device.targetNode() < 0) {
            return new Preview(List.of(), 0, device.size(), device.name() + " has no target node (target_node < 0)");
        }
        List<Long> blocks = new ArrayList<>();
        for (RangeInfo r : device.ranges()) {
            hotplugRange(r.start(), r.end(), block).ifPresent(x -> {
                for (long b = x[0] / block; b <= x[1] / block; b++) {
                    blocks.add(b);
                }
            });
        }
        long usable = blocks.size() * block;
        return new Preview(blocks, usable, device.size() - usable, blocks.isEmpty() ? device.name()
                + " has no memory left after aligning its ranges to the " + (block >> 20) + "M memory block size" : null);
    }
}
