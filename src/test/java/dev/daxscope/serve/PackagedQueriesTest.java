package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.source.sim.MachineLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every query the shipped Grafana dashboards and alert rules make names only metrics a real scrape
 * of daxscope serve has.
 */
class PackagedQueriesTest {
    private static final Set<String> SERVED = new TreeSet<>();

    /** The simulated demo machine (every device and simulator family) and a tree with a garbled file (read warnings). */
    @BeforeAll
    static void scrape(@TempDir Path tmp) throws Exception {
        Path demo = ServedMachine.demoMachine(tmp);
        Path capture = tmp.resolve("capture");
        MachineLoader.source(demo).exportSysfs(capture);
        Files.writeString(capture.resolve("sys/bus/dax/devices/dax0.1/size").toRealPath(), "garbage\n");
        Path heat = Files.writeString(tmp.resolve("heat.dax"), dev.daxscope.cli.HeatCommandTestMachine.TEXT);
        // DAMON_STAT runs from boot on 7.x and publishes its percentiles every 5 s.
        Path stat = Files.writeString(tmp.resolve("damon-stat.dax"), "kernel 7.3\nmemory ram=4G\nelapse 6s\n");
        for (String[] args : List.of(new String[] {"--machine", demo.toString()}, new String[] {"--machine", heat.toString()},
                new String[] {"--machine", stat.toString()},
                new String[] {"--sysfs-root", capture.resolve("sys").toString()})) {
            try (ServedMachine served = ServedMachine.start(args)) {
                served.scrape().families().values().forEach(f -> f.samples().forEach(s -> SERVED.add(s.name())));
            }
        }
        assertThat(SERVED).contains("daxscope_read_warnings", "daxscope_sim_faults_total", "daxscope_device_info",
                "daxscope_node_pages_demoted_total");
    }

    private static List<String> dashboardQueries(Path file) {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<String> queries = new ArrayList<>();
        root.findValues("expr").forEach(n -> queries.add(n.asString()));
        for (JsonNode variable : root.path("templating").path("list")) {
            if (variable.path("type").asString().equals("query")) {
                JsonNode q = variable.path("query");
                queries.add(q.isObject() ? q.path("query").asString() : q.asString());
            }
        }
        return queries;
    }

    @Test
    void dashboardsQueryOnlyServedMetrics() throws Exception {
        List<Path> dashboards;
        try (Stream<Path> s = Files.list(TestFiles.project().resolve("packaging/grafana"))) {
            dashboards = s.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(dashboards).isNotEmpty();
        for (Path dashboard : dashboards) {
            List<String> queries = dashboardQueries(dashboard);
            assertThat(queries).as(dashboard + " has queries").hasSizeGreaterThan(5);
            for (String q : queries) {
                assertThat(PromQlNames.of(q)).as(dashboard.getFileName() + ": " + q).isNotEmpty().isSubsetOf(SERVED);
            }
        }
    }

    /** The {@code expr:} values of a rules file: inline, or a folded block indented below the key. */
    static List<String> ruleExpressions(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\s*)(- )?expr:\\s*(.*)$").matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String value = m.group(3).strip();
            if (!value.equals(">-") && !value.equals("|") && !value.equals(">")) {
                out.add(value.replaceAll("^'(.*)'$", "$1"));
                continue;
            }
            int indent = m.group(1).length();
            StringBuilder block = new StringBuilder();
            while (i + 1 < lines.size() && (lines.get(i + 1).isBlank()
                    || lines.get(i + 1).length() - lines.get(i + 1).stripLeading().length() > indent)) {
                block.append(lines.get(++i).strip()).append('\n');
            }
            out.add(block.toString());
        }
        return out;
    }

    @Test
    void alertRulesQueryOnlyServedMetrics() throws Exception {
        Path rules = TestFiles.project().resolve("packaging/prometheus/daxscope-alerts.yml");
        List<String> expressions = ruleExpressions(Files.readAllLines(rules));
        assertThat(expressions).hasSize(6);
        for (String e : expressions) {
            assertThat(PromQlNames.of(e)).as(e).isNotEmpty().isSubsetOf(SERVED);
        }
    }

    @Test
    void namesAreReadOutOfPromQl() {
        assertThat(PromQlNames.of("1 - daxscope_region_available_bytes{instance=~\"$instance\"} / on (instance, region) "
                + "group_left (kind) daxscope_region_size_bytes")).containsExactly("daxscope_region_available_bytes",
                "daxscope_region_size_bytes");
        assertThat(PromQlNames.of("sum by (device) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m])) > 1e3"))
                .containsExactly("node_cpu_seconds_total");
        assertThat(PromQlNames.of("label_values(daxscope_device_info, instance)"))
                .containsExactly("daxscope_device_info");
    }
}
