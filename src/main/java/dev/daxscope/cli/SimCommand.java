package dev.daxscope.cli;

import dev.daxscope.source.sim.MachineLoader;
import dev.daxscope.source.sim.SimulatedSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code daxscope sim ...}: save a simulated machine as sysfs files or as a script. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Save a simulated machine as sysfs files or as a script, or turn a captured machine into a script.",
        footer = {"", "Examples:", "  daxscope sim export-sysfs /tmp/m --machine my.dax",
                "  daxscope sim export-script --machine my.dax > copy.dax",
                "  daxscope sim import-sysfs /tmp/mybox/sys > mybox.dax"},
        subcommands = {SimCommand.ExportSysfs.class, SimCommand.ExportScript.class, SimCommand.ImportSysfs.class})
public final class SimCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code daxscope sim export-sysfs DIR [--machine FILE.dax]}. */
    @Command(name = "export-sysfs", mixinStandardHelpOptions = true,
            description = "Write the machine's sysfs, /proc/iomem and MODES in the capture layout.",
            footer = {"", "Example:", "  daxscope sim export-sysfs /tmp/m --machine my.dax",
                    "  daxscope list --sysfs-root /tmp/m/sys -RDM"})
    static final class ExportSysfs implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Output directory (created; an existing one is not merged into).")
        Path dir;

        @Option(names = "--force", description = "Replace DIR if it exists (only an earlier export or capture).")
        boolean force;

        @Option(names = "--machine", paramLabel = "FILE.dax", description = "The machine (default: the demo machine).")
        Path machine;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws MachineLoader.LoadFailure {
            SimulatedSource source = MachineLoader.source(machine);
            try {
                dev.daxscope.source.AtomicOutput.directory(dir, force, source::exportSysfs);
                return 0;
            } catch (dev.daxscope.source.AtomicOutput.TargetExists e) {
                spec.commandLine().getErr().println("daxscope sim export-sysfs: " + e.getMessage());
                return 2;
            } catch (IOException e) {
                spec.commandLine().getErr().println("daxscope sim export-sysfs: cannot write " + dir + ": " + e.getMessage());
                return 1;
            }
        }
    }

    /** {@code daxscope sim export-script [--machine FILE.dax]}. */
    @Command(name = "export-script", mixinStandardHelpOptions = true,
            description = "Print a .dax script that rebuilds the machine (regions, devices, drivers, blocks, processes).",
            footer = {"", "Example:", "  daxscope sim export-script --machine my.dax > copy.dax",
                    "  daxscope run copy.dax"})
    static final class ExportScript implements Callable<Integer> {
        @Option(names = "--machine", paramLabel = "FILE.dax", description = "The machine (default: the demo machine).")
        Path machine;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws MachineLoader.LoadFailure {
            spec.commandLine().getOut().print(MachineLoader.source(machine).exportScript());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code daxscope sim import-sysfs DIR [--kernel V]}: a captured real machine as a simulated one. */
    @Command(name = "import-sysfs", mixinStandardHelpOptions = true,
            description = "Print a .dax script that rebuilds a captured (or this) machine in the simulator.",
            footer = {"", "Example:", "  daxscope sim import-sysfs /tmp/mybox/sys > mybox.dax",
                    "  daxscope run mybox.dax"})
    static final class ImportSysfs implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "A sysfs tree (a capture's sys/, or /sys).")
        Path dir;

        @Option(names = "--kernel", paramLabel = "VERSION", description = "Kernel profile for the copy (default 6.16).")
        String kernel = "6.16";

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var profile = dev.daxscope.model.KernelProfile.parse(kernel);
            if (profile.isEmpty()) {
                spec.commandLine().getErr().println("daxscope sim import-sysfs: unknown kernel '" + kernel + "' ("
                        + dev.daxscope.model.KernelProfile.versions() + ")");
                return 2;
            }
            java.util.Optional<String> notSysfs = dev.daxscope.linux.SysfsSnapshotReader.notASysfsTree(dir);
            if (notSysfs.isPresent()) {
                spec.commandLine().getErr().println("daxscope sim import-sysfs: " + notSysfs.get());
                return 2;
            }
            SimulatedSource.Imported imported = SimulatedSource.importScript(dir, profile.get());
            Warnings.print(spec.commandLine().getErr(), imported.warnings());
            spec.commandLine().getOut().print(imported.script());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
