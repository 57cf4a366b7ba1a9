package dev.daxscope.sim.damon;

import dev.daxscope.model.KernelProfile;

/**
 * Which DAMON files and modules a kernel version has, from the kernel's history: the sysfs
 * interface since 5.18 (every profile), {@code tried_regions} since 6.2, its {@code total_bytes}
 * since 6.6, intervals auto-tuning ({@code intervals_goal}) since 6.15, DAMON_STAT since 6.17 with
 * its {@code aggr_interval_us} parameter since 6.18, and DAMON_STAT running from boot on the 7.x
 * Debian kernels (CONFIG_DAMON_STAT_ENABLED_DEFAULT, seen on 7.3.4).
 */
public record DamonFeatures(boolean triedRegions, boolean triedTotalBytes, boolean intervalsGoal, boolean damonStat,
                            boolean statAggrInterval, boolean statOnAtBoot) {

    public static DamonFeatures of(KernelProfile profile) {
        int v = versionNumber(profile.version());
        return new DamonFeatures(v >= 602, v >= 606, v >= 615, v >= 617, v >= 618, v >= 700);
    }

    /** "6.18" as 618, "7.3" as 703. */
    static int versionNumber(String version) {
        String[] parts = version.split("\\.");
        return Integer.parseInt(parts[0]) * 100 + (parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
    }
}
