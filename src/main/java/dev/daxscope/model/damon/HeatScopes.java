package dev.daxscope.model.damon;

import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.damon.DamonState.AddressRange;
import java.util.List;
import java.util.Optional;

/** The memory a heat report covers: a NUMA node's online memory or a dax device's, with why DAMON cannot see it. */
public final class HeatScopes {
    private HeatScopes() {
    }

    /** Node {@code node}'s online memory as {@code state} read it; not observable when it has none. */
    public static HeatReport.Scope node(DamonState state, int node) {
        List<AddressRange> ranges = state.nodeMemory().getOrDefault(node, List.of());
        return ranges.isEmpty() ? HeatReport.Scope.notObservable("node " + node,
                "node " + node + " has no online memory (DAMON monitors System RAM only)")
                : new HeatReport.Scope("node " + node, ranges, Optional.empty());
    }

    /** A system-ram device's memory; any other device (devdax, famfs, unbound) is not observable, and says why. */
    public static HeatReport.Scope device(DeviceInfo d) {
        return whyNotObservable(d).map(why -> HeatReport.Scope.notObservable(d.name() + " (" + mode(d) + ")", why))
                .orElseGet(() -> new HeatReport.Scope(d.name() + " (system-ram)",
                        List.of(new AddressRange(d.resource(), d.resource() + d.size())), Optional.empty()));
    }

    /** Why DAMON never sees a device-DAX, famfs or unbound device's memory. */
    public static final String NOT_OBSERVABLE = "its memory is ZONE_DEVICE (or not memory at all), which DAMON's physical"
            + " operations never see (damon_get_folio needs an online LRU page); not observable by DAMON, not cold."
            + " Reconfigure to system-ram for heat.";

    /** Why DAMON cannot see device {@code d}'s memory; empty for a system-ram (kmem) device. */
    public static Optional<String> whyNotObservable(DeviceInfo d) {
        return d.systemRam() ? Optional.empty() : Optional.of(d.name() + " is " + mode(d) + ": " + NOT_OBSERVABLE);
    }

    /** "devdax", "fsdev_dax", "unbound" or "kmem": how a device is bound, in daxctl's words where it has them. */
    public static String mode(DeviceInfo d) {
        return switch (d.driver()) {
            case NONE -> "unbound";
            case DEVICE_DAX -> "devdax";
            default -> d.driver().sysfsName();
        };
    }
}
