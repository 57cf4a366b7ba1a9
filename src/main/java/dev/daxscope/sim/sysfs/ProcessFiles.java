package dev.daxscope.sim.sysfs;

import dev.daxscope.sim.mm.SimProcess;

/**
 * {@code /proc/PID/comm} and {@code /proc/PID/numa_maps} of the simulated processes that are
 * alive (an exited process's directory is gone, as once it is reaped). The simulated processes
 * run as the simulated user, so their numa_maps are readable (mode 0444 as in procfs).
 */
final class ProcessFiles {
    /** TASK_COMM_LEN - 1: the kernel keeps 15 characters of a task's name. */
    private static final int COMM_CHARS = 15;

    private ProcessFiles() {
    }

    static void addTo(SysfsNode.Dir proc, dev.daxscope.sim.mm.ProcessTable processes) {
        for (SimProcess p : processes.byPid().values()) {
            if (!p.alive()) {
                continue;
            }
            SysfsNode.Dir dir = proc.dir(Integer.toString(p.pid()));
            String comm = p.name().length() > COMM_CHARS ? p.name().substring(0, COMM_CHARS) : p.name();
            dir.file("comm", 0444, () -> comm + "\n", null);
            dir.file("numa_maps", 0444, () -> processes.anon().numaMaps(p), null);
        }
    }
}
