package dev.daxscope.cli;

import dev.daxscope.source.DaxSource;
import dev.daxscope.source.sim.MachineLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The root command: with no subcommand it opens the inspector on the machine its options name
 * (the demo machine when none is named). Its subcommands are added by {@code dev.daxscope.Main}.
 */
@Command(name = "daxscope", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        optionListHeading = "%nOptions:%n",
        description = {"Inspector and simulator for Linux device-DAX memory (CXL, HMEM, PMEM).",
                "With no command, opens the inspector on the built-in demo simulated machine,",
                "or on the machine the options below name (the same options as list, tiers, heat)."},
        footer = {"", "Examples:",
                "  daxscope                                     open the inspector",
                "  daxscope --sysfs-root /sys --theme dark      this machine, dark theme",
                "  daxscope run scenarios/01-seed-commit.dax    run a scenario, check it",
                "  daxscope list --machine my.dax -RDM          what daxctl list would print",
                "  daxscope screenshot --out main.png           the window as a PNG",
                "",
                "Each command has --help with its options and examples; the full reference",
                "is docs/language.md."})
public final class DaxscopeCommand implements Callable<Integer> {
    /** Opens the window on a source (null: the demo machine) and a theme (null: as remembered); returns the exit status. */
    @FunctionalInterface
    public interface Inspector {
        int open(DaxSource source, Boolean dark);
    }

    /** The colour themes of the window. */
    enum Theme { light, dark }

    @Mixin
    MachineOptions machineOptions;

    @Option(names = "--allow-write", description = "Let property edits reach sysfs (confirmed, audited in "
            + "~/.local/state/daxscope/audit.log); a live tree only.")
    boolean allowWrite;

    @Option(names = "--theme", paramLabel = "light|dark", description = "Colour theme (remembered).")
    Theme theme;

    @Spec
    CommandSpec spec;

    private final Inspector inspector;

    public DaxscopeCommand(Inspector inspector) {
        this.inspector = inspector;
    }

    /** Every option is checked before any window opens: a mistake is one line and exit 2. */
    @Override
    public Integer call() throws MachineLoader.LoadFailure {
        DaxSource source = null;
        if (machineOptions.given() || allowWrite) {
            source = machineOptions.open("", spec.commandLine().getErr(), allowWrite);
            if (source == null) {
                return 2;
            }
        }
        return inspector.open(source, theme == null ? null : theme == Theme.dark);
    }
}
