package dev.daxscope.arch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.model.DriverKind;
import dev.daxscope.model.FolioCounter;
import dev.daxscope.model.RegionKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Driver, region and colouring kinds are compared as enums ({@link DriverKind}, {@link RegionKind},
 * {@link FolioCounter}), never as their names: a string comparison compiles against an enum and is
 * silently false. Scans src/main for a kind's name compared, switched on or listed as a string.
 */
class KindsAreTypesTest {

    /** Every name a kind is known by (sysfs, scripts, the chooser). */
    static String names() {
        List<String> names = new ArrayList<>();
        Stream.of(DriverKind.values()).filter(DriverKind::bound).forEach(k -> names.add(k.sysfsName()));
        Stream.of(RegionKind.values()).forEach(k -> names.add(k.keyword()));
        Stream.of(FolioCounter.values()).forEach(k -> names.add(k.toString()));
        return String.join("|", names);
    }

    /** "kmem".equals(x), x.equals("kmem"), "kmem"::equals, case "kmem", == "kmem", {"device_dax", ...}. */
    static Pattern comparison() {
        String kind = "\"(?:" + names() + ")\"";
        return Pattern.compile(kind + "\\s*(?:\\.equals(?:IgnoreCase)?\\(|::equals)"
                + "|\\.equals(?:IgnoreCase)?\\(\\s*" + kind + "\\s*\\)"
                + "|\\bcase\\s+" + kind
                + "|[=!]=\\s*" + kind + "|" + kind + "\\s*[=!]="
                + "|\\{\\s*" + kind + "\\s*,");
    }

    /** The comparisons of a kind's name in {@code text}, one "FILE:LINE: code" each. */
    static List<String> comparisons(String file, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = comparison().matcher(text);
        while (m.find()) {
            int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            out.add(file + ":" + line + ": " + m.group());
        }
        return out;
    }

    @Test
    void thePatternCatchesEachWayOfComparingAName() {
        assertThat(comparisons("X", """
                if ("device_dax".equals(d.driver())) {}
                if (d.driver().equals("kmem")) {}
                filter("fsdev_dax"::equals);
                case "mapcount" -> 1;
                if (kind == "cxl") {}
                for (String d : new String[] {"device_dax", "kmem"}) {}
                """)).hasSize(6);
        assertThat(comparisons("X", """
                if (d.driver() == DriverKind.KMEM) {}
                write("/sys/bus/dax/drivers/kmem/bind");
                path.contains("hmem");
                """)).isEmpty();
    }

    @Test
    void noKindIsComparedAsAStringInTheSources() throws IOException {
        List<String> found = new ArrayList<>();
        Path root = TestFiles.project().resolve("src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                found.addAll(comparisons(root.relativize(p).toString(), Files.readString(p)));
            }
        }
        assertThat(found).as("kinds compared as strings (compare the model's enums instead)").isEmpty();
    }
}
