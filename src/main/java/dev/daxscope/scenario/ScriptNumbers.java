package dev.daxscope.scenario;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The numbers of the scenario language: sizes with K/M/G/T suffixes and decimal or 0x integers. */
public final class ScriptNumbers {
    static final Pattern SIZE = Pattern.compile("(0[xX][0-9a-fA-F]+|[0-9]+)([KMGT]?)");

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
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            return null;
        }
        Long base = parseIntOrNull(m.group(1));
        if (base == null) {
            return null;
        }
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        if (shift > 0 && Long.numberOfLeadingZeros(base) <= shift) {
            return null;
        }
        return base << shift;
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
