package dev.daxscope.sim.dax;

import dev.daxscope.model.MachineSnapshot.CxlRegionInfo;
import dev.daxscope.model.RegionKind;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CXL region behind a simulated CXL provider's dax region. The spec does not model CXL
 * decoders, so each is a committed 1-way ram region over the dax region's range, its one target
 * an endpoint decoder named decoder2.0 (docs/spec-choices.md).
 */
public final class CxlRegions {
    private static final Pattern PARENT = Pattern.compile("(.*/(region(\\d+)))/dax_region\\d+");

    private CxlRegions() {
    }

    /** The CXL region's sysfs directory below /sys/devices, e.g. /platform/ACPI0017:00/root0/decoder0.0/region2. */
    public static Optional<String> directory(DaxRegion r) {
        Matcher m = PARENT.matcher(r.parentPath());
        return r.kind() == RegionKind.CXL && m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public static Optional<CxlRegionInfo> of(DaxRegion r) {
        Matcher m = PARENT.matcher(r.parentPath());
        if (r.kind() != RegionKind.CXL || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new CxlRegionInfo(m.group(2), "ram", r.size(), r.start(), 1, 256, true, List.of("decoder2.0"),
                r.id()));
    }
}
