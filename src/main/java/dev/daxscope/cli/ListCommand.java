package dev.daxscope.cli;

import dev.daxscope.daxctl.DaxctlList;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.NoDaxDevice;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.sim.MachineLoader;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code daxscope list}: what {@code daxctl list} prints for the same machine. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Print regions, devices and mappings as 'daxctl list' does.",
                "By default it reads this machine's /sys; --machine builds a simulated machine from a script"
                        + " instead, --sysfs-root reads a sysfs tree on disk (a capture's sys/), --snapshot a capture"
                        + " (directory or .tar.gz).",
                "With no -R/-D/-M it lists devices; -r alone lists regions, -d alone devices."},
        footer = {"", "Examples:", "  daxscope list -RDM",
                "  daxscope list --machine scenarios/01-seed-commit.dax -RDM",
                "  daxscope list --machine my.dax -RDMiu -r 0",
                "  daxscope list --sysfs-root /tmp/mybox/sys -D -d dax0.0",
                "  daxscope list --snapshot mybox.tar.gz -RDM"})
public final class ListCommand implements Callable<Integer> {

    @Mixin
    MachineOptions machineOptions;

    @Option(names = {"-R", "--regions"}, description = "Include regions.")
    boolean regions;

    @Option(names = {"-D", "--devices"}, description = "Include devices.")
    boolean devices;

    @Option(names = {"-M", "--mappings"}, description = "Include mappings.")
    boolean mappings;

    @Option(names = {"-i", "--idle"}, description = "Include zero-sized devices.")
    boolean idle;

    @Option(names = {"-u", "--human"}, description = "Human-readable sizes and hex addresses.")
    boolean human;

    @Option(names = {"-r", "--region"}, paramLabel = "ID", description = "Only this region (or 'all').")
    String region;

    @Option(names = {"-d", "--dev"}, paramLabel = "DEV", description = "Only this device (daxX.Y, X.Y or 'all').")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws MachineLoader.LoadFailure {
        PrintWriter out = spec.commandLine().getOut();
        DaxSource source = machineOptions.open("list", spec.commandLine().getErr());
        if (source == null) {
            return 2;
        }
        MachineSnapshot snapshot = source.snapshot();
        Warnings.print(spec.commandLine().getErr(), snapshot.warnings());
        String text = DaxctlList.print(snapshot, new DaxctlList.Options(regions, devices, mappings, idle, human, region, device));
        if (!text.isEmpty()) {
            out.println(text);
        }
        out.flush();
        if (snapshot.devices().isEmpty() && snapshot.regions().isEmpty()) {
            // daxctl prints nothing here; a person is owed the reason, on stderr so scripts still parse stdout.
            explainNothing(source, snapshot, spec.commandLine().getErr());
        }
        return 0;
    }

    private static void explainNothing(DaxSource source, MachineSnapshot snapshot, PrintWriter err) {
        boolean thisMachine = !source.simulated() && source.name().equals("this machine");
        NoDaxDevice.Explanation why = NoDaxDevice.explain(snapshot, source::read,
                thisMachine ? LinuxSource.runningAsRoot() : null);
        err.println("daxscope: " + why.headline());
        why.reasons().forEach(r -> err.println("  " + r));
        if (!source.simulated()) {
            err.println("  To explore device-DAX all the same: daxscope list --machine scenarios/01-seed-commit.dax -RDM,"
                    + " or the inspector's simulated demo (daxscope with no arguments).");
        }
        err.flush();
    }
}
