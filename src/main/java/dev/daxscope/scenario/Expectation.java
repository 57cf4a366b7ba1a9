package dev.daxscope.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    /** The counters of a folio {@code ref=N map=M pin=K} (scenario-language §2). */
    enum FolioCounter { REF, MAP, PIN }

    /** {@code ref=N map=M pin=K}: any subset, in the order written. */
    record FolioCounts(Map<FolioCounter, Long> values) implements Expectation {
        public FolioCounts {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        @Override
        public String display() {
            StringBuilder b = new StringBuilder();
            values.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k.name().toLowerCase(Locale.ROOT))
                    .append('=').append(v));
            return b.toString();
        }
    }

    /** {@code rss=SIZE}, in bytes. */
    record Rss(long bytes) implements Expectation {
        @Override
        public String display() {
            return "rss=" + bytes;
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
