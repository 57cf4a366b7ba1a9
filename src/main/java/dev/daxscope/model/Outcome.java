package dev.daxscope.model;

/**
 * What an operation on the (simulated or real) kernel returned: success, an errno with the
 * rule that explains it, or a signal delivered to the process that made a memory access.
 */
public sealed interface Outcome {

    /** The short result text scripts compare against: {@code ok}, {@code EINVAL}, {@code SIGBUS:ADRERR}. */
    String token();

    /** One plain sentence for people; empty for success. */
    String explanation();

    default boolean isOk() {
        return this instanceof Ok;
    }

    Ok OK = new Ok("");

    static Ok ok() {
        return OK;
    }

    static Ok ok(String detail) {
        return new Ok(detail);
    }

    static Failure fail(Errno errno, String rule, String sentence) {
        return new Failure(errno, rule, sentence);
    }

    /** Success; {@code detail} is an optional note such as "no change (same size)". */
    record Ok(String detail) implements Outcome {
        @Override
        public String token() {
            return "ok";
        }

        @Override
        public String explanation() {
            return detail;
        }
    }

    /** A refusal: the errno, the rule of docs/semantics.md that makes it, and why. */
    record Failure(Errno errno, String rule, String sentence) implements Outcome {
        @Override
        public String token() {
            return errno.name();
        }

        @Override
        public String explanation() {
            return sentence;
        }

        /** {@code EINVAL: size 1048576 is not a multiple of the device align 2097152 (R28)}. */
        @Override
        public String toString() {
            return errno.name() + ": " + sentence + (rule.isEmpty() ? "" : " (" + rule + ")");
        }
    }

    /** A signal raised by a memory access, e.g. SIGBUS with si_code BUS_ADRERR. */
    record Signal(String signal, String code, long address, String rule, String sentence) implements Outcome {
        @Override
        public String token() {
            return signal + ":" + code;
        }

        @Override
        public String explanation() {
            return sentence;
        }

        @Override
        public String toString() {
            return token() + " at 0x" + Long.toHexString(address) + ": " + sentence + (rule.isEmpty() ? "" : " (" + rule + ")");
        }
    }
}
