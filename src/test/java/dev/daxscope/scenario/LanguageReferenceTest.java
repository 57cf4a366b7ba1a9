package dev.daxscope.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/language.md is the language's public reference: the usage lines in its code blocks of §3
 * to §6 are exactly the forms of {@link Syntax}, the table the parser reads its argument lists
 * and usage messages from. A statement, option or flag added, renamed or removed on one side
 * and not the other fails here.
 */
class LanguageReferenceTest {

    /** The usage forms the page shows: each code-block line of §3-§6 without its comment, split at " | ". */
    static List<String> documentedForms(List<String> page) {
        List<String> forms = new ArrayList<>();
        boolean inStatementSections = false;
        boolean inBlock = false;
        for (String line : page) {
            if (line.startsWith("## ")) {
                inStatementSections = line.matches("## [3-6]\\..*");
            } else if (line.startsWith("```")) {
                inBlock = !inBlock;
            } else if (inStatementSections && inBlock) {
                int comment = line.indexOf(" #");
                String usage = (comment < 0 ? line : line.substring(0, comment)).strip().replaceAll("\\s+", " ");
                if (!usage.isEmpty()) {
                    forms.addAll(Arrays.asList(usage.split(" \\| ")));
                }
            }
        }
        return forms;
    }

    @Test
    void theLanguagePageShowsExactlyTheUsageFormsTheParserAccepts() throws Exception {
        List<String> documented = documentedForms(Files.readAllLines(TestFiles.project().resolve("docs/language.md")));
        List<String> table = Arrays.stream(Syntax.values()).flatMap(s -> s.forms().stream()).toList();
        assertThat(documented).as("usage lines of docs/language.md §3-§6").containsExactlyInAnyOrderElementsOf(table);
    }

    @Test
    void theFormsOfAStatementStartWithItsKeyword() {
        for (Syntax s : Syntax.values()) {
            String prefix = (s.isProcessOperation() ? "P " : "") + s.keyword();
            assertThat(s.forms()).as(s.name()).isNotEmpty().allMatch(f -> f.equals(prefix) || f.startsWith(prefix + " "));
        }
    }

    @Test
    void aUsageMessageQuotesTheTable() {
        String script = "region A dynamic start=0x100000000 size=1G\nspawn P\nP open /dev/dax0.1 as F\nP mmap F as M\n";
        try {
            ScenarioParser.parse("u.dax", script);
            throw new AssertionError("accepted " + script);
        } catch (ScenarioError e) {
            assertThat(e.getMessage()).isEqualTo("u.dax:4:3: missing len=: usage is '" + Syntax.MMAP.usage() + "'");
            assertThat(Syntax.MMAP.usage()).isEqualTo(
                    "P mmap F len=SIZE [off=SIZE] [shared|private] [rw|ro] [at=ADDR] [populate] [sync] as A");
        }
    }
}
