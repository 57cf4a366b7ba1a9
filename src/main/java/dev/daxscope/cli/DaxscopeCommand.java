package dev.daxscope.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command; its subcommands are added by {@code dev.daxscope.Main}. */
@Command(name = "daxscope", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        optionListHeading = "%nOptions:%n",
        description = {"Inspector and simulator for Linux device-DAX memory (CXL, HMEM, PMEM).",
                "With no command, opens the inspector on the built-in demo simulated machine.",
                "",
                "Inspector options (with no command):",
                "  --snapshot DIR|FILE.tar.gz  open a capture (daxscope capture), read-only",
                "  --sysfs-root DIR            open a live sysfs tree, e.g. /sys (read-only)",
                "  --procfs-root DIR           the procfs beside it (default: DIR/../proc)",
                "  --allow-write               let property edits reach sysfs (confirmed,",
                "                              audited in ~/.local/state/daxscope/audit.log)",
                "  --remote URL                another host's machine, live and read-only, from",
                "                              its 'daxscope serve --share-state' (docs/fleet.md)",
                "  --user NAME --password-file FILE --cacert FILE   its credentials and CA",
                "  --theme light|dark          colour theme (remembered)"},
        footer = {"", "Examples:",
                "  daxscope                                     open the inspector",
                "  daxscope --sysfs-root /sys --theme dark      this machine, dark theme",
                "  daxscope run scenarios/01-seed-commit.dax    run a scenario, check it",
                "  daxscope list --machine my.dax -RDM          what daxctl list would print",
                "  daxscope screenshot --out main.png           the window as a PNG",
                "",
                "Each command has --help with its options and examples; the full reference",
                "is docs/language.md."})
public final class DaxscopeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Reached only when options but no command were given: show what there is to run. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
