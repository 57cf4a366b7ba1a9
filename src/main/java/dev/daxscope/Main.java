package dev.daxscope;

import dev.daxscope.cli.DaxctlCommand;
import dev.daxscope.cli.DaxscopeCommand;
import dev.daxscope.cli.ListCommand;
import dev.daxscope.cli.RunCommand;
import dev.daxscope.cli.SimCommand;
import dev.daxscope.cli.WatchCommand;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.linux.Snapshots;
import dev.daxscope.source.sim.MachineLoader;
import dev.daxscope.ui.Inspector;
import dev.daxscope.ui.ScreenshotCommand;
import picocli.CommandLine;

/**
 * The {@code daxscope} executable: with no arguments it opens the inspector on the demo
 * machine; otherwise it runs a subcommand. Not a JavaFX Application on purpose: JavaFX is
 * launched from here so the jar runs from the class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Logging.configure();
        if (args.length == 0) {
            System.exit(Inspector.launch());
        }
        if (INSPECTOR_OPTIONS.contains(args[0])) {
            System.exit(openMachine(args));
        }
        System.exit(runCommand(args));
    }

    /**
     * stderr (as it is now) for what the command line says: names users gave it are quoted with
     * control and bidi characters escaped.
     */
    static java.io.PrintWriter err() {
        return new java.io.PrintWriter(new dev.daxscope.cli.EscapingWriter(
                new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8)), true);
    }

    private static final String OUT_OF_MEMORY = "daxscope: out of memory: the machine or script is larger than this "
            + "JVM's heap; give it more with DAXSCOPE_JAVA_OPTS=-Xmx8g";

    /** A subcommand; running out of heap is one line and exit 1, not a JVM stack trace. */
    static int runCommand(String[] args) {
        try {
            return commandLine().setErr(err()).execute(args);
        } catch (OutOfMemoryError e) {
            err().println(OUT_OF_MEMORY);
            return 1;
        }
    }

    /** The inspector's own options (the top-level help lists them; picocli does not parse them). */
    static final java.util.Set<String> INSPECTOR_OPTIONS = java.util.Set.of("--snapshot", "--sysfs-root", "--procfs-root",
            "--allow-write", "--theme");

    /**
     * {@code daxscope [--theme light|dark] [--allow-write] --snapshot DIR|FILE} or {@code --sysfs-root DIR
     * [--procfs-root DIR]}: the inspector on a real machine's tree (read-only unless --allow-write;
     * writes are audited); with only {@code --theme}, on the demo machine.
     */
    static int openMachine(String[] args) {
        java.nio.file.Path snapshot = null;
        java.nio.file.Path sysRoot = null;
        java.nio.file.Path procRoot = null;
        boolean allowWrite = false;
        Boolean dark = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--allow-write" -> allowWrite = true;
                case "--theme" -> {
                    if (i + 1 >= args.length || !java.util.Set.of("light", "dark").contains(args[i + 1])) {
                        err().println("daxscope: --theme needs light or dark");
                        return 2;
                    }
                    dark = args[++i].equals("dark");
                }
                case "--snapshot", "--sysfs-root", "--procfs-root" -> {
                    if (i + 1 >= args.length) {
                        err().println("daxscope: " + args[i] + " needs a path");
                        return 2;
                    }
                    java.nio.file.Path p = java.nio.file.Path.of(args[++i]);
                    switch (args[i - 1]) {
                        case "--snapshot" -> snapshot = p;
                        case "--sysfs-root" -> sysRoot = p;
                        default -> procRoot = p;
                    }
                }
                default -> {
                    err().println("daxscope: unknown option " + args[i] + " (see daxscope --help)");
                    return 2;
                }
            }
        }
        dev.daxscope.source.DaxSource source;
        try {
            if (snapshot == null && sysRoot == null && procRoot == null && !allowWrite) {
                source = null;
            } else if (snapshot != null) {
                if (allowWrite || procRoot != null) {
                    err().println("daxscope: a snapshot is read-only and carries its own proc/; --allow-write and "
                            + "--procfs-root apply to --sysfs-root");
                    return 2;
                }
                source = dev.daxscope.source.linux.Snapshots.open(snapshot);
            } else {
                java.nio.file.Path root = sysRoot != null ? sysRoot : java.nio.file.Path.of("/sys");
                java.nio.file.Path proc = procRoot != null ? procRoot
                        : root.toAbsolutePath().normalize().resolveSibling("proc");
                // A given --procfs-root must exist; the proc beside a sysfs tree may be absent (no processes shown).
                for (java.nio.file.Path dir : procRoot == null ? new java.nio.file.Path[] {root}
                        : new java.nio.file.Path[] {root, procRoot}) {
                    if (!java.nio.file.Files.isDirectory(dir)) {
                        err().println("daxscope: " + dir + " is not a directory");
                        return 2;
                    }
                }
                java.util.Optional<String> notSysfs = dev.daxscope.linux.SysfsSnapshotReader.notASysfsTree(root);
                if (notSysfs.isPresent()) {
                    err().println("daxscope: " + notSysfs.get());
                    return 2;
                }
                source = new dev.daxscope.source.linux.LinuxSource(root, proc, root.toString(), allowWrite
                        ? dev.daxscope.linux.SysfsWriter.audited(root) : null,
                        java.nio.file.Path.of("/dev"), dev.daxscope.linux.ProcMaps::isDeviceDax);
            }
        } catch (java.io.IOException e) {
            err().println("daxscope: " + e.getMessage());
            return 2;
        }
        return Inspector.launch(source, dark);
    }

    /** The full command tree (also used by tests and the completion script). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DaxscopeCommand());
        cl.addSubcommand(new RunCommand());
        cl.addSubcommand(new ListCommand());
        cl.addSubcommand(new ScreenshotCommand());
        cl.addSubcommand(new SimCommand());
        cl.addSubcommand(new DaxctlCommand());
        cl.addSubcommand(new WatchCommand());
        cl.addSubcommand(new dev.daxscope.cli.CaptureCommand());
        cl.addSubcommand(new dev.daxscope.cli.DiffCommand());
        cl.addSubcommand(new dev.daxscope.cli.ProbeCommand());
        cl.addSubcommand(new dev.daxscope.cli.ServeCommand());
        cl.addSubcommand(new dev.daxscope.cli.TiersCommand());
        cl.addSubcommand(new dev.daxscope.cli.HeatCommand());
        cl.addSubcommand(new picocli.AutoComplete.GenerateCompletion());
        cl.getSubcommands().get("daxctl").setStopAtPositional(true);
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false)
                .description("Print a bash/zsh completion script.")
                .footer("", "Example:", "  source <(daxscope generate-completion)");
        dev.daxscope.cli.UnknownCommand.install(cl);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            if (ex instanceof dev.daxscope.source.sim.MachineLoader.LoadFailure f) {
                line.getErr().println(f.getMessage());
                return f.exitCode();
            }
            line.getErr().println("daxscope: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
            java.util.logging.Logger.getLogger(Main.class.getName()).log(java.util.logging.Level.FINE, "command failed", ex);
            return 1;
        });
        return cl;
    }
}
