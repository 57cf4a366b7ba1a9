package dev.daxscope.sim.damon;

/** A monitor's attributes: sampling, aggregation and update intervals in microseconds, min and max regions. */
public record MonitorAttributes(long sampleUs, long aggrUs, long updateUs, int minRegions, int maxRegions) {
    /** The DAMON sysfs defaults (mm/damon/sysfs.c): 5 ms, 100 ms, 60 s, 10 to 1000 regions. */
    public static final MonitorAttributes DEFAULTS = new MonitorAttributes(5_000, 100_000, 60_000_000, 10, 1000);

    /** The kernel's refusals (damon_set_attrs): the EINVAL reason, or null when valid. */
    public String invalid() {
        if (minRegions < 3) {
            return "min regions " + minRegions + " is below 3";
        }
        if (minRegions > maxRegions) {
            return "min regions " + minRegions + " is above max " + maxRegions;
        }
        if (sampleUs <= 0 || sampleUs > aggrUs) {
            return "sampling interval " + sampleUs + " us must be positive and at most the aggregation interval " + aggrUs + " us";
        }
        return null;
    }

    long samplesPerAggregation() {
        return aggrUs / sampleUs;
    }
}
