package dev.daxscope.scenario;

import java.util.List;
import java.util.Map;

/** What a statement's {@code => ...} demands (scenario-language §2). */
public sealed interface Expectation {

    /** The text as written, for output. */
    String display();

    /** {@code ok}. */
    record Ok() implements Expectation {
        @Override
        public String display() {
            return "ok";
        }
    }

    /** An errno name. */
    record Errno(String name) implements Expectation {
        @Override
        public String display() {
            return name;
        }
    }

    /** One or more signals ({@code SIGBUS}, {@code SIGBUS:MCEERR_AO}); several only for {@code signals}. */
    record Signals(List<String> signals) implements Expectation {
        @Override
        public String display() {
            return String.join(" ", signals);
        }
    }

    /** {@code "text"}, for {@code read}. */
    record Text(String text) implements Expectation {
        @Override
        public String display() {
            return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        }
    }

    /** {@code ref=N map=M pin=K rss=SIZE}: any subset. */
    record Counters(Map<String, Long> values) implements Expectation {
        @Override
        public String display() {
            StringBuilder b = new StringBuilder();
            values.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(v));
            return b.toString();
        }
    }

    /** {@code none}. */
    record None() implements Expectation {
        @Override
        public String display() {
            return "none";
        }
    }
}
