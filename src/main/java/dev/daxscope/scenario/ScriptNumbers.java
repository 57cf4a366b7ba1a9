package dev.daxscope.scenario;

/**
 * The numbers of the scenario language: sizes with K/M/G/T suffixes and decimal or 0x integers.
 * Scanned by hand rather than with regular expressions: a long script has one on most lines.
 */
public final class ScriptNumbers {

    private ScriptNumbers() {
    }

    /** Decimal or 0x hex with an optional K/M/G/T binary suffix. */
    public static long parseSize(String s) {
        Long v = parseSizeOrNull(s);
        if (v == null) {
            throw new IllegalArgumentException("not a size: " + s);
        }
        return v;
    }

    public static Long parseSizeOrNull(String s) {
        if (!isSize(s)) {
            return null;
        }
        int shift = switch (s.charAt(s.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        Long base = parseIntOrNull(shift == 0 ? s : s.substring(0, s.length() - 1));
        if (base == null) {
            return null;
        }
        if (shift > 0 && Long.numberOfLeadingZeros(base) <= shift) {
            return null;
        }
        return base << shift;
    }

    /** {@code (0[xX][0-9a-fA-F]+|[0-9]+)[KMGT]?}: the syntax of a size, whatever its value. */
    static boolean isSize(String s) {
        int end = s.length();
        if (end > 0 && "KMGT".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return isUnsigned(s, 0, end);
    }

    /** {@code -?(0[xX][0-9a-fA-F]+|[0-9]+)}: the syntax of an integer, whatever its value. */
    static boolean isInt(String s) {
        return isUnsigned(s, s.startsWith("-") ? 1 : 0, s.length());
    }

    private static boolean isUnsigned(String s, int from, int to) {
        boolean hex = to - from > 2 && s.charAt(from) == '0' && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X');
        int i = hex ? from + 2 : from;
        if (i >= to) {
            return false;
        }
        for (; i < to; i++) {
            char c = s.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (!(digit || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    public static Long parseIntOrNull(String s) {
        boolean neg = s.startsWith("-");
        String t = neg ? s.substring(1) : s;
        try {
            long v;
            if (t.startsWith("0x") || t.startsWith("0X")) {
                v = Long.parseUnsignedLong(t.substring(2), 16);
                if (v < 0) {
                    return null;
                }
            } else {
                v = Long.parseLong(t);
            }
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
