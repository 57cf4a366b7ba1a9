package dev.daxscope.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits one line of a {@code .dax} script into tokens: words, quoted strings, a comment's end. */
final class ScriptLexer {
    private static final int MAX_SHOWN = 40;

    private ScriptLexer() {
    }

    static List<Token> lex(String file, int lineNo, String line) throws ScenarioError {
        for (int k = 0; k < line.length(); k++) {
            // Bidi controls and zero-width characters make a line read otherwise than it runs (comments too).
            if (Character.getType(line.charAt(k)) == Character.FORMAT) {
                throw new ScenarioError(file, lineNo, k + 1, String.format(Locale.ROOT, "invalid character U+%04X (a bidi or zero-width "
                        + "format character: the line would not read as it runs)", (int) line.charAt(k)));
            }
        }
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (c == '#') {
                break;
            }
            if (c < 0x20 || c == 0x7f || c == 0xfffd || Character.isISOControl(c)) {
                throw new ScenarioError(file, lineNo, i + 1, String.format(Locale.ROOT, "invalid character U+%04X (binary data?)", (int) c));
            }
            int start = i;
            if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char q = line.charAt(i);
                    if (q == '\\' && i + 1 < n) {
                        char e = line.charAt(i + 1);
                        switch (e) {
                            case '"' -> b.append('"');
                            case '\\' -> b.append('\\');
                            case 'n' -> b.append('\n');
                            default -> throw new ScenarioError(file, lineNo, i + 1, "unknown escape \\" + shown(String.valueOf(e))
                                    + " (use \\\", \\\\ or \\n)");
                        }
                        i += 2;
                        continue;
                    }
                    if (q == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (q < 0x20 && q != '\t') {
                        throw new ScenarioError(file, lineNo, i + 1, String.format(Locale.ROOT, "invalid character U+%04X in a string", (int) q));
                    }
                    b.append(q);
                    i++;
                }
                if (!closed) {
                    throw new ScenarioError(file, lineNo, start + 1, "unterminated quoted string");
                }
                if (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t' && line.charAt(i) != '#') {
                    throw new ScenarioError(file, lineNo, i + 1, "a quoted string must be followed by a space");
                }
                tokens.add(new Token(b.toString(), start + 1, true));
                continue;
            }
            while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                char d = line.charAt(i);
                if (d == '"') {
                    throw new ScenarioError(file, lineNo, i + 1, "a quote may only start a token");
                }
                if (d < 0x20 || d == 0x7f || Character.isISOControl(d)) {
                    throw new ScenarioError(file, lineNo, i + 1, String.format(Locale.ROOT, "invalid character U+%04X (binary data?)", (int) d));
                }
                i++;
            }
            tokens.add(new Token(line.substring(start, i), start + 1, false));
        }
        return tokens;
    }

    /** A piece of the script as a message shows it: cut short, control and bidi characters escaped. */
    static String shown(String s) {
        return dev.daxscope.model.Printable.excerpt(s, MAX_SHOWN);
    }
}
