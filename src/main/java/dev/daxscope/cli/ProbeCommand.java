package dev.daxscope.cli;

import dev.daxscope.linux.DeviceProbe;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code daxscope probe /dev/daxX.Y --allow-write}: map a real device and touch pages to watch faults. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Map a device (or any shared file) and touch pages: faults, pagemap, mincore, SIGBUS.",
        footer = {"", "Touching device memory changes the machine's state, so --allow-write is required.",
                "PFNs need CAP_SYS_ADMIN; without it they show as hidden.", "", "Example:",
                "  sudo daxscope probe /dev/dax0.0 --allow-write --length 4M --step 2M --pages 2"})
public final class ProbeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DEVPATH", description = "The device node, e.g. /dev/dax0.0.")
    String path;

    @Option(names = "--allow-write", description = "Confirm: map and touch this device.")
    boolean allowWrite;

    @Option(names = "--length", paramLabel = "SIZE", description = "Bytes to map (a multiple of the device align; default 2M).")
    String length = "2M";

    @Option(names = "--step", paramLabel = "SIZE", description = "Distance between touched pages (default 4K).")
    String step = "4K";

    @Option(names = "--pages", paramLabel = "N", description = "How many pages to touch (default 4).")
    int pages = 4;

    @Option(names = "--write", description = "Store instead of load.")
    boolean write;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!allowWrite) {
            err.println("daxscope probe: mapping and touching " + path + " changes the machine; add --allow-write to confirm");
            return 2;
        }
        long len;
        long st;
        try {
            len = dev.daxscope.scenario.ScriptNumbers.parseSize(length);
            st = dev.daxscope.scenario.ScriptNumbers.parseSize(step);
        } catch (IllegalArgumentException e) {
            err.println("daxscope probe: --length and --step take sizes such as 4K, 2M, 0x200000");
            return 2;
        }
        if (len == 0 || st == 0 || pages < 1) {
            err.println("daxscope probe: --length, --step and --pages must be positive");
            return 2;
        }
        dev.daxscope.model.ProbeReport r = DeviceProbe.run(path, len, st, pages, write);
        if (!r.mapping().isOk()) {
            err.println("daxscope probe: " + r.mapping());
            return 1;
        }
        out.printf(Locale.ROOT, "mapped %s at 0x%x (%d bytes)%n", path, r.address(), len);
        r.table().forEach(out::println);
        String charged = r.accounting().describe();
        if (!charged.isEmpty()) {
            out.println(charged);
        }
        out.flush();
        return r.signalled() ? 1 : 0;
    }
}
