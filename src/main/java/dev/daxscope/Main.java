package dev.daxscope;

import dev.daxscope.cli.DaxctlCommand;
import dev.daxscope.cli.DaxscopeCommand;
import dev.daxscope.cli.WatchCommand;
import dev.daxscope.cli.ListCommand;
import dev.daxscope.cli.RunCommand;
import dev.daxscope.cli.SimCommand;
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
            Inspector.launch();
            return;
        }
        System.exit(commandLine().execute(args));
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
        cl.addSubcommand(new picocli.AutoComplete.GenerateCompletion());
        cl.getSubcommands().get("daxctl").setStopAtPositional(true);
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false)
                .description("Print a bash/zsh completion script: source <(daxscope generate-completion)");
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            if (ex instanceof dev.daxscope.source.MachineLoader.LoadFailure f) {
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
