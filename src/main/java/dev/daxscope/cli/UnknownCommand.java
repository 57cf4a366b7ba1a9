package dev.daxscope.cli;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * A first word that names no command: {@code daxscope: unknown command 'lsit'; did you mean 'list'?}
 * and exit 2, also when {@code --help} follows it (picocli would print the top-level help and
 * exit 0, hiding the mistake).
 */
public final class UnknownCommand {
    /** Suggestions further than this many edits away would be guesses. */
    private static final int MAX_EDITS = 2;

    private UnknownCommand() {
    }

    /** Makes {@code root} report an unknown first word as an unknown command. */
    public static void install(CommandLine root) {
        CommandLine.IParameterExceptionHandler parseErrors = root.getParameterExceptionHandler();
        root.setParameterExceptionHandler((ex, args) -> {
            Optional<String> word = firstWord(ex.getCommandLine(), root, ex instanceof CommandLine.UnmatchedArgumentException u
                    ? u.getUnmatched() : List.of());
            if (word.isPresent()) {
                return report(root, ex.getCommandLine().getErr(), word.get());
            }
            return parseErrors.handleParseException(ex, args);
        });
        CommandLine.IExecutionStrategy run = root.getExecutionStrategy();
        root.setExecutionStrategy(parsed -> {
            Optional<String> word = parsed.hasSubcommand() ? Optional.empty()
                    : firstWord(parsed.commandSpec().commandLine(), root, parsed.unmatched());
            return word.isPresent() ? report(root, root.getErr(), word.get()) : run.execute(parsed);
        });
    }

    private static Optional<String> firstWord(CommandLine where, CommandLine root, List<String> unmatched) {
        if (where != root || unmatched.isEmpty() || unmatched.get(0).startsWith("-")) {
            return Optional.empty();
        }
        return Optional.of(unmatched.get(0));
    }

    private static int report(CommandLine root, PrintWriter err, String word) {
        String hint = nearest(word, List.copyOf(root.getSubcommands().keySet()))
                .map(c -> "; did you mean '" + c + "'?").orElse("");
        err.println("daxscope: unknown command '" + word + "'" + hint + " ('daxscope --help' lists the commands)");
        err.flush();
        return 2;
    }

    /** The command fewest edits away (a swap of neighbours counts as one), if it is close enough. */
    static Optional<String> nearest(String word, List<String> commands) {
        return commands.stream().filter(c -> edits(word, c) <= MAX_EDITS && edits(word, c) < word.length())
                .min(Comparator.comparingInt((String c) -> edits(word, c)).thenComparing(c -> c));
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
