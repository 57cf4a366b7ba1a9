package dev.daxscope.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A test's reading of a scrape, Prometheus text or OpenMetrics: families with their TYPE, HELP
 * and UNIT lines and their samples. Strict where the formats are: a sample outside a declared
 * family, a malformed line or a repeated family fails the parse.
 */
record Exposition(Map<String, Family> families, boolean endsWithEof) {

    record Family(String name, String type, String help, String unit, List<Sample> samples) {
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }

    static Exposition parse(String text) {
        Map<String, Family> families = new LinkedHashMap<>();
        Family current = null;
        boolean eof = false;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (eof) {
                throw new IllegalArgumentException("text after # EOF: " + line);
            }
            if (line.equals("# EOF")) {
                eof = true;
                continue;
            }
            if (line.startsWith("# ")) {
                String[] parts = line.split(" ", 4);
                String name = parts[2];
                Family f = families.get(name);
                if (f == null) {
                    f = new Family(name, null, null, null, new ArrayList<>());
                } else if (f != current) {
                    throw new IllegalArgumentException("family " + name + " declared twice");
                }
                String value = parts.length > 3 ? parts[3] : "";
                f = switch (parts[1]) {
                    case "TYPE" -> new Family(name, value, f.help(), f.unit(), f.samples());
                    case "HELP" -> new Family(name, f.type(), value, f.unit(), f.samples());
                    case "UNIT" -> new Family(name, f.type(), f.help(), value, f.samples());
                    default -> throw new IllegalArgumentException("unknown comment: " + line);
                };
                families.put(name, f);
                current = f;
                continue;
            }
            Sample s = sample(line);
            if (current == null || !s.name().startsWith(current.name())) {
                throw new IllegalArgumentException("sample outside its family: " + line);
            }
            current.samples().add(s);
        }
        return new Exposition(families, eof);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        String name = line.substring(0, brace >= 0 ? brace : space);
        Map<String, String> labels = new LinkedHashMap<>();
        if (brace >= 0) {
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(key, value.toString()) != null) {
                    throw new IllegalArgumentException("label " + key + " repeated: " + line);
                }
                i = line.charAt(j + 1) == ',' ? j + 2 : j + 1;
            }
        }
        return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
    }

    Family family(String name) {
        Family f = families.get(name);
        if (f == null) {
            throw new AssertionError("no family " + name + " in the scrape; it has " + families.keySet());
        }
        return f;
    }

    /** The value of the one sample of {@code family} with exactly these labels; empty when there is none. */
    Optional<Double> value(String family, Map<String, String> labels) {
        if (!families.containsKey(family)) {
            return Optional.empty();
        }
        return family(family).samples().stream().filter(s -> s.labels().equals(labels)).map(Sample::value).findFirst();
    }
}
