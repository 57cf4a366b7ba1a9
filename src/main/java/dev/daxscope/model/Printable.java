package dev.daxscope.model;

import java.util.Locale;

/**
 * Text that came from outside (a file of someone's tree, a script, a command line) as a one-line
 * message may show it: control characters (an ESC would drive the terminal), Unicode format
 * characters (bidi overrides and isolates reorder what is shown, zero-width ones hide), line and
 * paragraph separators and lone surrogates are written as {@code \xNN}, or above U+00FF as a
 * backslash, u and the code point in braces (U+202E as backslash-u{202E}).
 */
public final class Printable {
    private Printable() {
    }

    /** {@code s} with every character a terminal or viewer would act on, rather than show, escaped. */
    public static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            int next = i + Character.charCount(c);
            if (shownAsIs(c)) {
                if (b != null) {
                    b.appendCodePoint(c);
                }
            } else {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append(c < 0x100 ? String.format(Locale.ROOT, "\\x%02x", c) : String.format(Locale.ROOT, "\\u{%04X}", c));
            }
            i = next;
        }
        return b == null ? s : b.toString();
    }

    /** At most {@code max} characters of {@code s}, escaped, with "..." when it was longer. */
    public static String excerpt(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) {
            return escape(s);
        }
        return escape(s.substring(0, s.offsetByCodePoints(0, max))) + "...";
    }

    private static boolean shownAsIs(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }

    /** {@code c} as a message shows it: itself when it is shown as is, else escaped as {@link #escape} does. */
    public static String shown(char c) {
        return shownAsIs(c) ? String.valueOf(c) : escape(String.valueOf(c));
    }
}
