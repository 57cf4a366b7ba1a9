package dev.daxscope.cli;

import dev.daxscope.serve.Exporter;
import dev.daxscope.serve.ListenAddress;
import dev.daxscope.serve.SnapshotCache;
import dev.daxscope.serve.WebConfig;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.linux.Snapshots;
import dev.daxscope.source.sim.MachineLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code daxscope serve}: a Prometheus exporter of a machine's device-DAX, region, memory-block
 * and NUMA node state. Read-only whatever the machine: it has no option that writes.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = {"Export device-DAX and memory-tier state to Prometheus (/metrics).",
                "Default: this machine (/sys) on 127.0.0.1:" + ListenAddress.DEFAULT_PORT + "; read-only."},
        footer = {"", "Examples:", "  daxscope serve                                  this machine, loopback only",
                "  daxscope serve --listen 0.0.0.0:" + ListenAddress.DEFAULT_PORT + "          reachable from the Prometheus host",
                "  daxscope serve --machine my.dax --listen 127.0.0.1:0   a simulated machine on any free port"})
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Address to listen on (default 127.0.0.1:" + ListenAddress.DEFAULT_PORT + "; port 0: any free port).")
    String listen;

    @Option(names = "--min-interval", paramLabel = "MS",
            description = "Read the machine at most once per MS milliseconds; scrapes in between get the last read (default 1000).")
    long minIntervalMs = 1000;

    @Option(names = "--machine", paramLabel = "FILE.dax", description = "Export the simulated machine this script builds.")
    Path machine;

    @Option(names = "--snapshot", paramLabel = "DIR|FILE.tar.gz", description = "Export a capture (daxscope capture).")
    Path snapshot;

    @Option(names = "--sysfs-root", paramLabel = "DIR", description = "Read a sysfs tree on disk (DIR stands for /sys).")
    Path sysfsRoot;

    @Option(names = "--share-state", description = {"Also serve the machine's state (processes, mappings, pages) to a remote",
            "inspector (daxscope --remote) under /api/v1/; off a loopback address only with TLS and authentication."})
    boolean shareState;

    @Option(names = "--web.config.file", paramLabel = "FILE",
            description = "TLS and basic-auth users, in the Prometheus exporters' web configuration format, as the fleet docs show.")
    Path webConfig;

    @Spec
    CommandSpec spec;

    /** Counted down to stop serving (tests; a real run stops on SIGTERM/Ctrl-C). */
    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws MachineLoader.LoadFailure, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ListenAddress address;
        try {
            address = listen == null ? ListenAddress.DEFAULT : ListenAddress.parse(listen);
        } catch (IllegalArgumentException e) {
            return fail(err, "--listen " + e.getMessage());
        }
        if (minIntervalMs < 0 || minIntervalMs > 3_600_000) {
            return fail(err, "--min-interval must be between 0 and 3600000 ms");
        }
        if ((machine != null ? 1 : 0) + (snapshot != null ? 1 : 0) + (sysfsRoot != null ? 1 : 0) > 1) {
            return fail(err, "give one of --machine, --snapshot, --sysfs-root");
        }
        DaxSource source;
        if (machine != null) {
            // A malformed or failing machine script ends the command via Main's handler (exit 2 or 1).
            source = MachineLoader.source(machine);
        } else if (snapshot != null) {
            try {
                source = Snapshots.open(snapshot);
            } catch (IOException e) {
                return fail(err, "cannot open snapshot " + snapshot + ": " + e.getMessage());
            }
        } else {
            Path root = sysfsRoot != null ? sysfsRoot : Path.of("/sys");
            if (!Files.isDirectory(root)) {
                return fail(err, root + " is not a directory");
            }
            // No procfs for the metrics: nothing they export comes from /proc, and other users'
            // /proc/PID/maps would need CAP_SYS_PTRACE only to be thrown away. The shared state has
            // the processes and their mappings, so it reads the procfs beside the tree.
            Path proc = !shareState ? null : sysfsRoot == null ? Path.of("/proc")
                    : root.toAbsolutePath().normalize().resolveSibling("proc");
            source = new LinuxSource(root, proc, sysfsRoot == null ? "this machine" : root.toString(), null,
                    Path.of("/dev"), dev.daxscope.linux.ProcMaps::isDeviceDax);
        }
        WebConfig web;
        try {
            web = webConfig == null ? WebConfig.NONE : WebConfig.load(webConfig);
        } catch (WebConfig.Invalid e) {
            source.close();
            return fail(err, "--web.config.file " + e.getMessage());
        }
        SnapshotCache cache = new SnapshotCache(source, minIntervalMs * 1_000_000L, System::nanoTime);
        try (source; Exporter exporter = Exporter.start(cache, address, line -> note(err, line),
                new Exporter.Options(shareState, web))) {
            Thread hook = new Thread(stop::countDown, "daxscope-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            String scheme = web.tls().isPresent() ? "https" : "http";
            out.println("daxscope serve: " + source.name() + " at " + scheme + "://" + exporter.address() + "/metrics"
                    + (shareState ? ", its state at " + scheme + "://" + exporter.address() + "/api/v1/state" : ""));
            out.flush();
            try {
                stop.await();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The JVM is already exiting (SIGTERM): the hook is what let us get here.
                }
            }
            return 0;
        } catch (Exporter.ListenFailure e) {
            return fail(err, e.getMessage());
        }
    }

    /** Stops a running {@link #call()} (it then returns 0). */
    public void stop() {
        stop.countDown();
    }

    /** A note while serving (a client reset, a connection refused): one line, already rate-limited. */
    private static void note(PrintWriter err, String line) {
        synchronized (err) {
            err.println("daxscope serve: " + line);
            err.flush();
        }
    }

    private static int fail(PrintWriter err, String message) {
        err.println("daxscope serve: " + message);
        err.flush();
        return 2;
    }
}
