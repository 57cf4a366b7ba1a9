package dev.daxscope.cli;

import dev.daxscope.daxctl.DaxctlCommands;
import dev.daxscope.source.AtomicOutput;
import dev.daxscope.source.sim.MachineLoader;
import dev.daxscope.source.sim.SimulatedSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code daxscope daxctl [--machine F.dax] [--save OUT.dax] COMMAND [daxctl options]}: daxctl's
 * commands (create-device, destroy-device, reconfigure-device, enable-device, disable-device,
 * online-memory, offline-memory, list) on a simulated machine, with daxctl's output, refusals
 * and exit status (-errno & 0xff). {@code --save} writes the resulting machine as a script.
 */
@Command(name = "daxctl", mixinStandardHelpOptions = true,
        description = "Run a daxctl command on a simulated machine, exactly as daxctl would run it.",
        footer = {"", "Exit status: daxctl's (-errno & 0xff), e.g. 228 for ENOSPC, 250 for ENXIO;",
                "129 when daxctl refuses the command line itself (it prints its usage).", "", "Examples:",
                "  daxscope daxctl --machine m.dax create-device -r 0 -s 256M",
                "  daxscope daxctl --machine m.dax --save m2.dax \\",
                "      reconfigure-device -m system-ram -f dax0.1",
                "  daxscope daxctl --machine m.dax list -RDM"})
public final class DaxctlCommand implements Callable<Integer> {

    @Option(names = "--machine", paramLabel = "FILE.dax", description = "The machine (default: the demo machine).")
    Path machine;

    @Option(names = "--save", paramLabel = "OUT.dax",
            description = "Write the machine after the command as a script (never over an existing file without --force).")
    Path save;

    @Option(names = "--force", description = "With --save: replace OUT.dax if it is a file or a symlink (the link, not "
            + "its target). daxctl's own -f/--force goes after COMMAND.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "A daxctl command and its options.")
    List<String> args;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws MachineLoader.LoadFailure {
        if (force && save == null) {
            spec.commandLine().getErr().println("daxscope daxctl: --force (before COMMAND) applies to --save; daxctl's own "
                    + "--force goes after COMMAND");
            return 2;
        }
        // A malformed or failing machine script ends the command via Main's handler (exit 2 or 1).
        SimulatedSource source = MachineLoader.source(machine);
        DaxctlCommands.Result r = source.daxctl().run(args);
        if (!r.stdout().isEmpty()) {
            spec.commandLine().getOut().println(r.stdout().stripTrailing());
        }
        if (!r.stderr().isEmpty()) {
            spec.commandLine().getErr().print(r.stderr());
        }
        if (save != null) {
            try {
                AtomicOutput.text(save, force, source.exportScript());
            } catch (AtomicOutput.TargetExists e) {
                spec.commandLine().getErr().println("daxscope daxctl: " + e.getMessage());
                return 2;
            } catch (IOException e) {
                spec.commandLine().getErr().println("daxscope daxctl: " + e.getMessage());
                return 1;
            }
        }
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
        return r.exitCode();
    }
}
