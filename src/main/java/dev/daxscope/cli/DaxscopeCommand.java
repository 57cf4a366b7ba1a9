package dev.daxscope.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command; its subcommands are added by {@code dev.daxscope.Main}. */
@Command(name = "daxscope", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Inspector and simulator for Linux device-DAX memory (CXL, HMEM, PMEM).",
                "With no command, opens the inspector on the built-in demo simulated machine."},
        footer = {"", "Examples:", "  daxscope                                   open the inspector",
                "  daxscope run scenarios/01-seed-commit.dax   run a scenario and check it",
                "  daxscope list --machine my.dax -RDM         what daxctl list would print",
                "  daxscope screenshot --out main.png          render the window headless"})
public final class DaxscopeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Reached only when options but no command were given: show what there is to run. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
