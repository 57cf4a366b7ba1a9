package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.source.linux.LinuxSource;
import dev.daxscope.source.sim.MachineLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scrapes {@code daxscope serve} over HTTP on loopback, as Prometheus would, and checks what it says. */
class ServeScrapeTest {
    @TempDir
    Path tmp;

    private Path demoMachine() throws Exception {
        return ServedMachine.demoMachine(tmp);
    }

    @Test
    void simulatedMachineIsExportedSampleBySample() throws Exception {
        Path machine = demoMachine();
        var source = MachineLoader.source(machine);
        try (ServedMachine served = ServedMachine.start("--machine", machine.toString())) {
            Exposition scrape = served.scrape();
            MachineExpectations.matches(scrape, source.snapshot(), source.topology(), true);
            // The demo's CXL region became node 2 through kmem: no performance data, so tier 22 (5 x DRAM's 576 >> 7).
            assertThat(scrape.value("daxscope_node_tier", Map.of("node", "2"))).contains(22.0);
            assertThat(scrape.value("daxscope_node_tier", Map.of("node", "0"))).contains(4.0);
            assertThat(scrape.value("daxscope_device_size_bytes", Map.of("device", "dax0.1", "region", "0",
                    "mode", "devdax"))).contains(2147483648.0);
            // The demo's cache touches 64M of dax0.2 every other 4K page and pins 16K past 64K: 8192 + 2 PTE faults.
            assertThat(scrape.value("daxscope_sim_faults_total", Map.of("device", "dax0.2", "level", "PTE"))).contains(8194.0);
            assertThat(scrape.value("daxscope_sim_events_dropped_total", Map.of())).contains(0.0);
        }
    }

    @Test
    void familiesHaveTheIssuedNamesTypesUnitsAndLabels() throws Exception {
        try (ServedMachine served = ServedMachine.start("--machine", demoMachine().toString())) {
            Exposition om = served.scrapeOpenMetrics();
            Map<String, String> types = om.families().values().stream()
                    .collect(Collectors.toMap(Exposition.Family::name, Exposition.Family::type));
            assertThat(types).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                    Map.entry("daxscope_device_size_bytes", "gauge"), Map.entry("daxscope_device", "info"),
                    Map.entry("daxscope_memory_blocks", "gauge"), Map.entry("daxscope_device_poisoned_pages", "gauge"),
                    Map.entry("daxscope_device_mapped_bytes", "gauge"), Map.entry("daxscope_region_size_bytes", "gauge"),
                    Map.entry("daxscope_region_available_bytes", "gauge"), Map.entry("daxscope_node_memory_bytes", "gauge"),
                    Map.entry("daxscope_node_tier", "gauge"), Map.entry("daxscope_node_pages_promoted", "counter"),
                    Map.entry("daxscope_node_pages_demoted", "counter"),
                    Map.entry("daxscope_snapshot_read_seconds", "gauge"), Map.entry("daxscope_sim_faults", "counter"),
                    Map.entry("daxscope_sim_signals", "counter"), Map.entry("daxscope_sim_events_dropped", "counter")));
            Map<String, Set<String>> labels = Map.ofEntries(
                    Map.entry("daxscope_device_size_bytes", Set.of("device", "region", "mode")),
                    Map.entry("daxscope_device", Set.of("device", "region", "driver", "mode", "target_node")),
                    Map.entry("daxscope_memory_blocks", Set.of("device", "state")),
                    Map.entry("daxscope_device_poisoned_pages", Set.of("device")),
                    Map.entry("daxscope_device_mapped_bytes", Set.of("device")),
                    Map.entry("daxscope_region_size_bytes", Set.of("region", "kind")),
                    Map.entry("daxscope_region_available_bytes", Set.of("region")),
                    Map.entry("daxscope_node_memory_bytes", Set.of("node", "state")),
                    Map.entry("daxscope_node_tier", Set.of("node")),
                    Map.entry("daxscope_node_pages_promoted", Set.of("node")),
                    Map.entry("daxscope_node_pages_demoted", Set.of("node", "reason")),
                    Map.entry("daxscope_snapshot_read_seconds", Set.of()),
                    Map.entry("daxscope_sim_faults", Set.of("device", "level")),
                    Map.entry("daxscope_sim_signals", Set.of("signal")),
                    Map.entry("daxscope_sim_events_dropped", Set.of()));
            for (Exposition.Family f : om.families().values()) {
                assertThat(f.help()).as("HELP of " + f.name()).isNotBlank();
                String suffix = switch (f.type()) {
                    case "counter" -> "_total";
                    case "info" -> "_info";
                    default -> "";
                };
                for (Exposition.Sample s : f.samples()) {
                    assertThat(s.name()).as("sample of " + f.name()).isEqualTo(f.name() + suffix);
                    assertThat(s.labels().keySet()).as("labels of " + s).isEqualTo(labels.get(f.name()));
                    if (f.type().equals("info")) {
                        assertThat(s.value()).as(s.toString()).isEqualTo(1.0);
                    }
                }
                String unit = f.name().endsWith("_bytes") ? "bytes" : f.name().endsWith("_seconds") ? "seconds" : null;
                assertThat(f.unit()).as("UNIT of " + f.name()).isEqualTo(unit);
            }
        }
    }

    @Test
    void contentNegotiationGivesOpenMetricsOrPrometheusText() throws Exception {
        try (ServedMachine served = ServedMachine.start("--machine", demoMachine().toString())) {
            HttpResponse<String> om = served.get("/metrics", ServedMachine.OPENMETRICS);
            assertThat(om.statusCode()).isEqualTo(200);
            assertThat(om.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/openmetrics-text; version=1.0.0"));
            assertThat(om.body()).endsWith("# EOF\n");
            assertThat(Exposition.parse(om.body()).endsWithEof()).isTrue();

            HttpResponse<String> text = served.get("/metrics", "text/plain");
            assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            assertThat(text.body()).doesNotContain("# EOF").contains("# TYPE daxscope_device_info gauge");

            // What a Prometheus with native histograms asks for first.
            HttpResponse<String> protobuf = served.get("/metrics",
                    "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,"
                            + "text/plain;version=0.0.4;q=0.3");
            assertThat(protobuf.statusCode()).isEqualTo(200);
            assertThat(protobuf.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/vnd.google.protobuf"));

            HttpResponse<String> healthy = served.get("/-/healthy", null);
            assertThat(healthy.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anUnknownPathIsNotFoundAndNamesWhereTheMetricsAre() throws Exception {
        try (ServedMachine served = ServedMachine.start("--machine", demoMachine().toString())) {
            HttpResponse<String> index = served.get("/", null);
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains("/metrics");

            HttpResponse<String> typo = served.get("/metrix", null);
            assertThat(typo.statusCode()).isEqualTo(404);
            assertThat(typo.body()).contains("/metrix").contains("/metrics");
        }
    }

    @Test
    void exportedSysfsTreeIsReadAsARealMachine(@TempDir Path capture) throws Exception {
        Path script = TestFiles.project().resolve("scenarios/06-system-ram-and-block-loss.dax");
        Path machine = tmp.resolve("system-ram.dax");
        // 06 ends back in devdax; stop while dax0.0 is system RAM with its 7 blocks, and offline one of them.
        String text = Files.readString(script);
        Files.writeString(machine, text.substring(0, text.indexOf("say \"Going back"))
                + "write /sys/devices/system/memory/memory35/state offline\n");
        MachineLoader.source(machine).exportSysfs(capture);
        // Tiering has been at work on this machine: pages promoted to node 1 (the hmem node), demoted from node 0.
        Path node0 = capture.resolve("sys/devices/system/node/node0/vmstat");
        Path node1 = capture.resolve("sys/devices/system/node/node1/vmstat");
        Files.writeString(node0, Files.readString(node0).replace("pgdemote_kswapd 0", "pgdemote_kswapd 4096")
                .replace("pgdemote_direct 0", "pgdemote_direct 17"));
        Files.writeString(node1, Files.readString(node1).replace("pgpromote_success 0", "pgpromote_success 250"));
        LinuxSource captured = new LinuxSource(capture.resolve("sys"), "capture");
        MachineSnapshot expected = captured.refresh();
        assertThat(expected.devices()).singleElement().satisfies(d -> {
            assertThat(d.systemRam()).isTrue();
            assertThat(d.totalBlocks() - d.onlineBlocks()).isEqualTo(1);
        });
        try (ServedMachine served = ServedMachine.start("--snapshot", capture.toString())) {
            Exposition scrape = served.scrape();
            MachineExpectations.matches(scrape, expected, captured.topology(), false);
            assertThat(scrape.value("daxscope_memory_blocks", Map.of("device", "dax0.0", "state", "offline"))).contains(1.0);
            assertThat(scrape.value("daxscope_node_pages_demoted_total", Map.of("node", "0", "reason", "kswapd"))).contains(4096.0);
            assertThat(scrape.value("daxscope_node_pages_demoted_total", Map.of("node", "0", "reason", "direct"))).contains(17.0);
            assertThat(scrape.value("daxscope_node_pages_promoted_total", Map.of("node", "1"))).contains(250.0);
            assertThat(scrape.families()).doesNotContainKeys("daxscope_device_poisoned_pages", "daxscope_device_mapped_bytes",
                    "daxscope_read_warnings");
        }
        try (ServedMachine served = ServedMachine.start("--sysfs-root", capture.resolve("sys").toString())) {
            MachineExpectations.matches(served.scrape(), expected, captured.topology(), false);
        }
    }

    @Test
    void aFileThatCannotBeReadBecomesAReadWarningSample(@TempDir Path capture) throws Exception {
        MachineLoader.source(demoMachine()).exportSysfs(capture);
        // Root reads every file, so the test garbles one instead of hiding it.
        Files.writeString(capture.resolve("sys/bus/dax/devices/dax0.1/size").toRealPath(), "garbage\n");
        try (ServedMachine served = ServedMachine.start("--sysfs-root", capture.resolve("sys").toString())) {
            Exposition scrape = served.scrape();
            assertThat(scrape.family("daxscope_read_warnings").samples()).anySatisfy(s -> {
                assertThat(s.labels().get("what")).contains("dax0.1/size").contains("garbage");
                assertThat(s.value()).isEqualTo(1.0);
            });
            assertThat(scrape.family("daxscope_device_size_bytes").samples()).hasSize(5);
        }
    }

    @Test
    void poisonAndSignalsOfTheSimulatorAreCounted() throws Exception {
        Path script = TestFiles.project().resolve("scenarios/09-poison.dax");
        var source = MachineLoader.source(script);
        try (ServedMachine served = ServedMachine.start("--machine", script.toString())) {
            Exposition scrape = served.scrape();
            MachineExpectations.matches(scrape, source.snapshot(), source.topology(), true);
            assertThat(scrape.value("daxscope_device_poisoned_pages", Map.of("device", "dax0.1"))).hasValueSatisfying(
                    v -> assertThat(v).isPositive());
            // 09-poison expects SIGBUS twice: db consuming the poison, backup hitting the bad line after refaulting.
            assertThat(scrape.value("daxscope_sim_signals_total", Map.of("signal", "SIGBUS"))).contains(2.0);
        }
    }
}
