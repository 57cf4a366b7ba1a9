package dev.daxscope.source;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.IomemRange;
import dev.daxscope.model.MachineSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Why a machine shows no device the page map can draw, worked out from what was read: the
 * Soft Reserved ranges of /proc/iomem, the dax regions and devices in sysfs, whether dax_hmem
 * and kmem are loaded, and whether daxscope runs as root. Each reason is one plain sentence.
 * The inspector shows it in place of the page map; {@code daxscope list} prints it on stderr.
 */
public final class NoDaxDevice {
    private NoDaxDevice() {
    }

    /** The headline and the reasons, most telling first. */
    public record Explanation(String headline, List<String> reasons) {
    }

    /**
     * @param read  a sysfs read of the machine (I/O on a real machine: not on the FX thread)
     * @param root  whether daxscope runs as root (null: not this machine, e.g. a snapshot)
     */
    public static Explanation explain(MachineSnapshot s, Function<String, DaxSource.ReadOutcome> read, Boolean root) {
        List<String> reasons = new ArrayList<>();
        String headline;
        if (!s.devices().isEmpty()) {
            headline = devicesNotDrawn(s, reasons);
        } else {
            headline = s.source() + " has no device-DAX: no dax region or device under /sys/bus/dax.";
            boolean softReserved = s.iomem().stream().anyMatch(r -> r.name().equals("Soft Reserved"));
            boolean pmem = s.iomem().stream().anyMatch(r -> r.name().startsWith("Persistent Memory"));
            if (!softReserved && !pmem) {
                reasons.add("/proc/iomem has no Soft Reserved range: the firmware marked no memory specific-purpose"
                        + " (EFI_MEMORY_SP), or the kernel lacks CONFIG_EFI_SOFT_RESERVE or was booted with"
                        + " efi=nosoftreserve — such memory is plain System RAM. (Most machines have none.)");
            } else {
                if (softReserved && !loaded(read, "dax_hmem")) {
                    reasons.add("/proc/iomem has a Soft Reserved range, but dax_hmem is not loaded"
                            + " (/sys/module/dax_hmem is missing): modprobe dax_hmem to make its dax region.");
                }
                if (pmem) {
                    reasons.add("/proc/iomem has Persistent Memory: ndctl create-namespace -m devdax makes a dax device of it.");
                }
                if (IomemRange.addressesHidden(s.iomem())) {
                    reasons.add("/proc/iomem shows addresses to root only, so the ranges cannot be placed.");
                }
            }
            if (!read.apply("/sys/bus/dax/drivers_autoprobe").outcome().isOk()) {
                reasons.add("There is no /sys/bus/dax: the kernel has no dax bus (CONFIG_DEV_DAX not built, or the dax"
                        + " module not loaded).");
            }
        }
        if (Boolean.FALSE.equals(root) && s.warnings().stream().anyMatch(w -> w.contains("root"))) {
            reasons.add("daxscope is not running as root: some files could not be read (each is named where it would be shown).");
        }
        return new Explanation(headline, reasons);
    }

    /**
     * Why a simulated machine has nothing to draw: what its script built (or that a scenario has
     * not run a statement yet) — never firmware or kernel configuration, which a simulation has not.
     */
    public static Explanation explainSimulated(MachineSnapshot s, boolean scenarioNotStarted) {
        List<String> reasons = new ArrayList<>();
        if (!s.devices().isEmpty()) {
            return new Explanation(devicesNotDrawn(s, reasons), reasons);
        }
        if (scenarioNotStarted) {
            return new Explanation("The scenario has not built its machine yet: Step ▶ or Play ▶▶ runs its statements.",
                    reasons);
        }
        return new Explanation(s.source() + " has no device-DAX: its script has created no dax region or device (yet).",
                List.of("A region line (region NAME dynamic|pmem|cxl start=… size=…) makes one; the demo machine has three."));
    }

    /** The headline when devices exist but none is bound to device_dax, and what each of them is (into {@code reasons}). */
    private static String devicesNotDrawn(MachineSnapshot s, List<String> reasons) {
        long kmem = s.devices().stream().filter(d -> d.driver() == DriverKind.KMEM).count();
        if (kmem > 0) {
            reasons.add(kmem + " device" + (kmem == 1 ? " is" : "s are") + " bound to kmem: the memory is a NUMA node"
                    + " (system-ram). Select one and reconfigure it to devdax to map it as /dev/daxX.Y.");
        }
        if (kmem < s.devices().size()) {
            reasons.add((kmem > 0 ? "The others are" : "They are") + " unbound or empty: give one a size and enable it"
                    + " (Actions, in the properties).");
        }
        return s.source() + " has " + s.devices().size() + " dax device" + (s.devices().size() == 1 ? "" : "s")
                + (kmem == s.devices().size() ? ", all system-ram (kmem)" : ", none bound to device_dax")
                + ": there is no /dev/dax to draw.";
    }

    private static boolean loaded(Function<String, DaxSource.ReadOutcome> read, String module) {
        return read.apply("/sys/module/" + module + "/initstate").outcome().isOk()
                || read.apply("/sys/module/" + module + "/refcnt").outcome().isOk();
    }
}
