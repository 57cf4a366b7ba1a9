package dev.daxscope.cli;

import dev.daxscope.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the daxscope command line in-process and captures what it prints. */
public final class Cli {
    private Cli() {
    }

    /** Exit code and the text written to stdout and stderr. */
    public record Run(int exit, String out, String err) {
    }

    public static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
