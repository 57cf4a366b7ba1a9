package dev.daxscope.arch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule ids and language sections the code cites resolve in the repository's own docs:
 * docs/semantics.md has an entry per cited Rnn naming tests that exist, every [V] rule has a test
 * named after it, and every "scenario-language §N" is a section of docs/language.md.
 */
class RuleIndexTest {
    private static final Pattern RULE = Pattern.compile("\\bR(\\d{1,3})\\b");
    private static final Pattern ENTRY = Pattern.compile("(?m)^### R(\\d+) \\[([^]]+)]");
    private static final Pattern TEST_REF = Pattern.compile("`([A-Z][A-Za-z0-9]*)\\.([A-Za-z0-9_]+)`");
    private static final Pattern SCENARIO_REF = Pattern.compile("`(scenarios/[^`]+\\.dax)`");
    private static final Pattern METHOD = Pattern.compile("void ([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    private static final Pattern LANGUAGE_CITE = Pattern.compile("scenario-language(?:\\.md)? §(\\d+)(?:-§(\\d+))?");

    private static String semantics() throws IOException {
        return Files.readString(TestFiles.project().resolve("docs/semantics.md"));
    }

    /** Rule id to its tag ("V", "D", "6.15"), from the entry headings. */
    static Map<Integer, String> entries(String doc) {
        Map<Integer, String> out = new TreeMap<>();
        Matcher m = ENTRY.matcher(doc);
        while (m.find()) {
            out.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        return out;
    }

    /** The text of one rule's entry, up to the next heading. */
    static String entry(String doc, int rule) {
        int start = doc.indexOf("### R" + rule + " [");
        int end = doc.indexOf("\n#", start + 1);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    private static List<Path> files(String dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(TestFiles.project().resolve(dir))) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** Test class simple name to its method names, over src/test/java. */
    static Map<String, Set<String>> testMethods() throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Path p : files("src/test/java", ".java")) {
            Set<String> names = out.computeIfAbsent(p.getFileName().toString().replace(".java", ""), k -> new TreeSet<>());
            Matcher m = METHOD.matcher(Files.readString(p));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return out;
    }

    @Test
    void everyRuleCitedInTheSourcesAndScenariosHasAnEntry() throws IOException {
        Set<Integer> documented = entries(semantics()).keySet();
        List<String> missing = new ArrayList<>();
        List<Path> cited = new ArrayList<>(files("src/main/java", ".java"));
        cited.addAll(files("src/test/java", ".java"));
        cited.addAll(files("scenarios", ".dax"));
        for (Path p : cited) {
            Matcher m = RULE.matcher(Files.readString(p));
            while (m.find()) {
                if (!documented.contains(Integer.parseInt(m.group(1)))) {
                    missing.add(TestFiles.project().relativize(p) + ": R" + m.group(1));
                }
            }
        }
        assertThat(documented).as("the index covers R1..R107").hasSize(107);
        assertThat(missing).as("rule ids cited without an entry in docs/semantics.md").isEmpty();
    }

    @Test
    void everyEntryNamesKernelSourceAndTestsThatExist() throws IOException {
        String doc = semantics();
        Map<String, Set<String>> methods = testMethods();
        List<String> problems = new ArrayList<>();
        for (int rule : entries(doc).keySet()) {
            String e = entry(doc, rule);
            if (!e.contains("- Kernel: ")) {
                problems.add("R" + rule + " names no kernel source");
            }
            Matcher t = TEST_REF.matcher(e);
            int refs = 0;
            while (t.find()) {
                refs++;
                if (!methods.getOrDefault(t.group(1), Set.of()).contains(t.group(2))) {
                    problems.add("R" + rule + " names " + t.group(1) + "." + t.group(2) + ", which does not exist");
                }
            }
            Matcher sc = SCENARIO_REF.matcher(e);
            while (sc.find()) {
                refs++;
                if (!Files.isRegularFile(TestFiles.project().resolve(sc.group(1)))) {
                    problems.add("R" + rule + " names " + sc.group(1) + ", which does not exist");
                }
            }
            if (refs == 0 && !e.contains("- Test: none, not modelled")) {
                problems.add("R" + rule + " names no test");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyVerifiedRuleHasOneTestNamedAfterIt() throws IOException {
        Map<String, Set<String>> methods = testMethods();
        Set<Integer> named = new TreeSet<>();
        for (Set<String> names : methods.values()) {
            for (String n : names) {
                for (String part : n.split("_")) {
                    if (part.matches("R\\d+")) {
                        named.add(Integer.parseInt(part.substring(1)));
                    }
                }
            }
        }
        List<Integer> untested = new ArrayList<>();
        entries(semantics()).forEach((rule, tag) -> {
            if (!tag.equals("D") && !named.contains(rule)) {
                untested.add(rule);
            }
        });
        assertThat(untested).as("[V] and [6.15] rules without a test method named R<n>_...").isEmpty();
    }

    @Test
    void everyLanguageSectionCitedInTheCodeExists() throws IOException {
        String language = Files.readString(TestFiles.project().resolve("docs/language.md"));
        List<String> missing = new ArrayList<>();
        int citations = 0;
        for (Path p : files("src", ".java")) {
            Matcher m = LANGUAGE_CITE.matcher(Files.readString(p));
            while (m.find()) {
                citations++;
                int last = m.group(2) == null ? Integer.parseInt(m.group(1)) : Integer.parseInt(m.group(2));
                for (int section = Integer.parseInt(m.group(1)); section <= last; section++) {
                    if (!language.contains("\n## " + section + ". ")) {
                        missing.add(TestFiles.project().relativize(p) + ": §" + section);
                    }
                }
            }
        }
        assertThat(citations).as("the code cites the language page").isPositive();
        assertThat(missing).as("language sections cited but absent from docs/language.md").isEmpty();
    }

    @Test
    void theReadmeLinksTheRuleIndexAndTheLanguageReference() throws IOException {
        String readme = Files.readString(TestFiles.project().resolve("README.md"));
        assertThat(readme).contains("(docs/semantics.md)").contains("(docs/language.md)");
    }
}
