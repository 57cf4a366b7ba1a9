package dev.daxscope.cli;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.WorkloadRequest;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.sim.MachineLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code daxscope watch}: a live text view (like top) of devices, mapped folios, faults/s and
 * signals. With {@code --once}, or when stdout is not a terminal, it prints one snapshot (after
 * one interval of the workload, if any). Interactive: q or Ctrl-C quits.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Live text view of devices, mapped folios, faults/s and signals (q or Ctrl-C quits).",
        footer = {"", "Workload: PATTERN followed by any of ,device=daxX.Y ,procs=N ,accesses=N",
                "  ,rate=N ,seed=N ,write=PCT ,stride=N",
                "  patterns: sequential, uniform, zipf, strided, forks, unbind, poison", "", "Examples:",
                "  daxscope watch --workload zipf,device=dax0.1,rate=200000",
                "  daxscope watch --machine my.dax --once"})
public final class WatchCommand implements Callable<Integer> {

    @Option(names = "--interval", paramLabel = "MS", description = "Refresh interval in milliseconds (default 1000).")
    long intervalMs = 1000;

    @Option(names = "--machine", paramLabel = "FILE.dax", description = "The machine (default: the demo machine).")
    Path machine;

    @Option(names = "--workload", paramLabel = "SPEC", description = "Run a workload while watching.")
    String workload;

    @Option(names = "--workers", paramLabel = "N", description = "Fault workers for the workload (default: cores).")
    Integer workers;

    @Option(names = "--once", description = "Print one snapshot and exit.")
    boolean once;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (intervalMs < 50 || intervalMs > 3_600_000) {
            err.println("daxscope watch: --interval must be between 50 and 3600000 ms");
            return 2;
        }
        // A malformed or failing machine script ends the command via Main's handler (exit 2 or 1).
        try (DaxSource source = MachineLoader.source(machine)) {
            return watch(source, source.workloads().orElseThrow(), out, err);
        }
    }

    private int watch(DaxSource source, DaxSource.Workloads workloads, PrintWriter out, PrintWriter err) throws IOException {
        WorkloadRequest request = null;
        if (workload != null) {
            try {
                request = WorkloadRequest.parse(workload, firstDevdax(source.snapshot()));
            } catch (IllegalArgumentException e) {
                err.println("daxscope watch: " + e.getMessage());
                return 2;
            }
        }
        int n = workers == null ? WorkloadRequest.defaultWorkers() : workers;
        if (n < 1 || n > 64) {
            err.println("daxscope watch: --workers must be 1..64");
            return 2;
        }
        boolean interactive = !once && System.console() != null;
        try {
            if (request != null) {
                try {
                    workloads.start(request, n);
                } catch (IllegalArgumentException e) {
                    err.println("daxscope watch: " + e.getMessage());
                    return 2;
                }
            }
            source.stats();
            if (!interactive) {
                if (request != null) {
                    LockSupport.parkNanos(intervalMs * 1_000_000L);
                }
                out.print(render(source, workloads, false));
                out.flush();
                return 0;
            }
            return loop(source, workloads, out);
        } finally {
            workloads.stop();
        }
    }

    private int loop(DaxSource source, DaxSource.Workloads workloads, PrintWriter out) throws IOException {
        String[] saved = sttyRaw();
        Thread restore = new Thread(() -> sttyRestore(saved));
        Runtime.getRuntime().addShutdownHook(restore);
        try {
            InputStream in = System.in;
            while (true) {
                out.print("\u001b[H\u001b[2J" + render(source, workloads, true));
                out.flush();
                long until = System.nanoTime() + intervalMs * 1_000_000L;
                while (System.nanoTime() < until) {
                    if (in.available() > 0) {
                        int c = in.read();
                        if (c == 'q' || c == 'Q' || c == 3 || c == -1) {
                            return 0;
                        }
                    }
                    LockSupport.parkNanos(20_000_000L);
                }
            }
        } finally {
            sttyRestore(saved);
            Runtime.getRuntime().removeShutdownHook(restore);
        }
    }

    /** Puts the terminal in character mode so 'q' needs no Enter; returns what to restore. */
    private static String[] sttyRaw() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty -g < /dev/tty").redirectErrorStream(true).start();
            String state = new String(p.getInputStream().readAllBytes()).trim();
            new ProcessBuilder("sh", "-c", "stty -icanon -echo min 0 < /dev/tty").inheritIO().start().waitFor();
            return new String[] {state};
        } catch (IOException | InterruptedException e) {
            return new String[0];
        }
    }

    private static void sttyRestore(String[] saved) {
        if (saved.length == 0 || saved[0].isEmpty()) {
            return;
        }
        try {
            new ProcessBuilder("sh", "-c", "stty " + saved[0] + " < /dev/tty").inheritIO().start().waitFor();
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String firstDevdax(MachineSnapshot s) {
        return s.devices().stream().filter(d -> d.driver() == DriverKind.DEVICE_DAX).map(MachineSnapshot.DeviceInfo::name)
                .findFirst().orElse(null);
    }

    static String render(DaxSource source, DaxSource.Workloads workloads, boolean interactive) {
        MachineSnapshot s = source.snapshot();
        DaxSource.Stats st = source.stats();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "daxscope watch  ·  %s  ·  kernel %s  ·  %,.0f faults/s  ·  %,d faults  ·  %,d signals%s%n%n",
                source.name(), s.kernel().version(), st.faultsPerSecond(), st.faultsTotal(), st.signals(),
                workloads.running() ? "  ·  workload running (" + workloads.workers() + " workers)" : ""));
        b.append(String.format(Locale.ROOT, "%-8s %-8s %12s %10s %-11s %14s %14s%n", "DEVICE", "REGION", "SIZE", "ALIGN",
                "DRIVER", "MAPPED", "FOLIOS"));
        for (MachineSnapshot.DeviceInfo d : s.devices()) {
            b.append(String.format(Locale.ROOT, "%-8s %-8s %12s %10s %-11s %,14d %,14d%n", d.name(), "region" + d.regionId(),
                    human(d.size()), human(d.align()), d.bound() ? d.driver().sysfsName() : "unbound", d.mappedFolios(),
                    d.folioCount()));
        }
        b.append(String.format(Locale.ROOT, "%n%-8s %-12s %8s %12s%n", "PID", "PROCESS", "VMAS", "RSSFILE"));
        for (MachineSnapshot.ProcessInfo p : s.processes()) {
            b.append(String.format(Locale.ROOT, "%-8d %-12s %8d %12s%s%n", p.pid(), p.name(), p.vmas().size(),
                    human(p.rssFile()), p.alive() ? "" : "  (exited)"));
        }
        if (interactive) {
            b.append("\nq quits\n");
        }
        return b.toString();
    }

    private static String human(long bytes) {
        String[] u = {"B", "K", "M", "G", "T"};
        int i = 0;
        double v = bytes;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%d%s", (long) v, u[i]) : String.format(Locale.ROOT, "%.1f%s", v, u[i]);
    }
}
