package dev.daxscope.sim.lib;

import dev.daxscope.model.Errno;

/**
 * The kernel's string-to-number parsers (lib/kstrtox.c), with their exact error choice:
 * {@code kstrtoull} (base auto-detection, one trailing newline, ERANGE on overflow) and
 * {@code kstrtobool}.
 */
public final class KernelParse {

    private KernelParse() {
    }

    /** Either a value or the errno the kernel's parser returns. */
    public record Parsed(long value, Errno error) {
        public boolean ok() {
            return error == null;
        }
    }

    private static Parsed error(Errno e) {
        return new Parsed(0, e);
    }

    /** kstrtoull(s, base, &v): base 0 auto-detects {@code 0x} (hex) and a leading {@code 0} (octal). */
    public static Parsed kstrtoull(String s, int base) {
        String text = stripOneNewline(s);
        if (text.startsWith("+")) {
            text = text.substring(1);
        }
        int radix = base;
        if (radix == 0) {
            if (text.length() > 1 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')
                    && text.length() > 2 && Character.digit(text.charAt(2), 16) >= 0) {
                radix = 16;
                text = text.substring(2);
            } else if (text.startsWith("0")) {
                radix = 8;
            } else {
                radix = 10;
            }
        } else if (radix == 16 && text.length() > 2 && text.charAt(0) == '0'
                && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            text = text.substring(2);
        }
        if (text.isEmpty()) {
            return error(Errno.EINVAL);
        }
        long value = 0;
        boolean overflow = false;
        for (int i = 0; i < text.length(); i++) {
            int d = Character.digit(text.charAt(i), radix);
            if (d < 0 || text.charAt(i) > 0x7f) {
                return error(Errno.EINVAL);
            }
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, radix)) > 0) {
                overflow = true;
            }
            value = value * radix + d;
        }
        return overflow ? error(Errno.ERANGE) : new Parsed(value, null);
    }

    /** kstrtoll(s, 0): signed, as used for integer attributes. */
    public static Parsed kstrtoll(String s) {
        String text = stripOneNewline(s);
        boolean negative = text.startsWith("-");
        Parsed magnitude = kstrtoull(negative ? text.substring(1) : text, 0);
        if (!magnitude.ok()) {
            return magnitude;
        }
        long v = magnitude.value();
        if (negative) {
            if (Long.compareUnsigned(v, Long.MIN_VALUE) > 0) {
                return error(Errno.ERANGE);
            }
            return new Parsed(-v, null);
        }
        return v < 0 ? error(Errno.ERANGE) : magnitude;
    }

    /** kstrtobool: the first character decides ({@code 1yYtT} / {@code 0nNfF}), {@code on}/{@code off}. */
    public static Parsed kstrtobool(String s) {
        if (s.isEmpty()) {
            return error(Errno.EINVAL);
        }
        switch (s.charAt(0)) {
            case 'y', 'Y', 't', 'T', '1':
                return new Parsed(1, null);
            case 'n', 'N', 'f', 'F', '0':
                return new Parsed(0, null);
            case 'o', 'O':
                if (s.length() > 1) {
                    char c = s.charAt(1);
                    if (c == 'n' || c == 'N') {
                        return new Parsed(1, null);
                    }
                    if (c == 'f' || c == 'F') {
                        return new Parsed(0, null);
                    }
                }
                return error(Errno.EINVAL);
            default:
                return error(Errno.EINVAL);
        }
    }

    /** sysfs names written to bind/unbind/delete may carry one trailing newline. */
    public static String stripOneNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** The kernel's {@code %#llx}: always {@code 0x}, also for zero. */
    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
