package dev.daxscope;

import dev.daxscope.cli.DaxctlCommand;
import dev.daxscope.cli.DaxscopeCommand;
import dev.daxscope.cli.ListCommand;
import dev.daxscope.cli.RunCommand;
import dev.daxscope.cli.SimCommand;
import dev.daxscope.cli.WatchCommand;
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

    /** The full command tree (also used by tests and the completion script). */
    public static CommandLine commandLine() {
        return commandLine(Inspector::launch);
    }

    /** The command tree whose root opens the window through {@code inspector} (tests pass their own). */
    public static CommandLine commandLine(DaxscopeCommand.Inspector inspector) {
        CommandLine cl = new CommandLine(new DaxscopeCommand(inspector));
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
