package dev.daxscope.cli;

import java.io.PrintWriter;
import java.util.List;

/** What a command could not read, on stderr, one {@code daxscope: warning: PATH: why} line each, while it goes on. */
final class Warnings {
    private Warnings() {
    }

    static void print(PrintWriter err, List<String> warnings) {
        print(err, "", warnings);
    }

    /** {@code where} names the snapshot the paths are in when a command reads more than one. */
    static void print(PrintWriter err, String where, List<String> warnings) {
        for (String w : warnings) {
            err.println("daxscope: warning: " + where + w);
        }
        err.flush();
    }
}
