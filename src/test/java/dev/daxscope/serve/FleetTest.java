package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.TestFiles;
import dev.daxscope.source.sim.MachineLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The Prometheus tools themselves on what daxscope serves and ships (the fleet profile installs
 * Debian's prometheus package): promtool on a scrape and on the alert rules, then a real
 * Prometheus on loopback scraping several simulated machines, asked over its HTTP API.
 */
@Tag("fleet")
class FleetTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private static ProcessResult run(Path dir, String stdin, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command) + " ends").isTrue();
        return new ProcessResult(p.exitValue(), output);
    }

    private record ProcessResult(int exit, String output) {
    }

    @Test
    void promtoolAcceptsTheExpositionWithoutLintProblems() throws Exception {
        try (ServedMachine served = ServedMachine.start("--machine", ServedMachine.demoMachine(tmp).toString())) {
            String body = served.get("/metrics", "text/plain").body();
            ProcessResult check = run(tmp, body, "promtool", "check", "metrics");
            assertThat(check.exit()).as(check.output()).isZero();
            assertThat(check.output()).as("lint problems").isBlank();
        }
    }

    @Test
    void promtoolAcceptsTheShippedRulesAndTheirUnitTests() throws Exception {
        Path rules = TestFiles.project().resolve("packaging/prometheus");
        List<String> ruleFiles;
        List<String> ruleTests;
        try (Stream<Path> s = Files.list(rules)) {
            List<Path> yml = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
            ruleTests = yml.stream().filter(p -> p.toString().endsWith(".test.yml")).map(Path::toString).toList();
            ruleFiles = yml.stream().filter(p -> !p.toString().endsWith(".test.yml")).map(Path::toString).toList();
        }
        assertThat(ruleFiles).isNotEmpty();
        assertThat(ruleTests).isNotEmpty();
        List<String> check = new ArrayList<>(List.of("promtool", "check", "rules"));
        check.addAll(ruleFiles);
        ProcessResult checked = run(rules, "", check.toArray(String[]::new));
        assertThat(checked.exit()).as(checked.output()).isZero();
        long alerts = 0;
        for (String f : ruleFiles) {
            alerts += Files.readAllLines(Path.of(f)).stream().filter(l -> l.strip().startsWith("- alert:")).count();
        }
        assertThat(checked.output()).as("promtool found every alert the files define").contains("SUCCESS: " + alerts + " rules found");
        List<String> test = new ArrayList<>(List.of("promtool", "test", "rules"));
        test.addAll(ruleTests);
        ProcessResult tested = run(rules, "", test.toArray(String[]::new));
        assertThat(tested.exit()).as(tested.output()).isZero();
    }

    @Test
    void aRealPrometheusScrapesSeveralMachinesAndAnswersWithTheirValues() throws Exception {
        Path bigDevice = tmp.resolve("big.dax");
        Files.writeString(bigDevice, """
                region R dynamic start=0x100000000 size=8G align=2M target_node=1
                write @R/create 1
                write /sys/bus/dax/devices/dax0.1/size 6442450944
                bind dax0.1 device_dax
                """);
        Map<String, Path> machines = Map.of("demo", ServedMachine.demoMachine(tmp), "poison",
                TestFiles.project().resolve("scenarios/09-poison.dax"), "big", bigDevice);
        Map<String, ServedMachine> served = new HashMap<>();
        Map<String, Double> expectedSize = new HashMap<>();
        Process prometheus = null;
        try (HttpClient http = HttpClient.newHttpClient()) {
            StringBuilder targets = new StringBuilder();
            for (var m : machines.entrySet()) {
                ServedMachine s = ServedMachine.start("--machine", m.getValue().toString(), "--min-interval", "200");
                served.put(m.getKey(), s);
                String target = s.metrics().getAuthority();
                expectedSize.put(target, (double) MachineLoader.source(m.getValue()).snapshot().device("dax0.1")
                        .orElseThrow().size());
                targets.append("          - ").append(target).append('\n');
            }
            Path config = tmp.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - %s
                    scrape_configs:
                      - job_name: daxscope
                        static_configs:
                          - targets:
                    %s""".formatted(TestFiles.project().resolve("packaging/prometheus/daxscope-alerts.yml"), targets));
            int port = freePort();
            prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + Files.createDirectory(tmp.resolve("data")),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
            URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/");
            Process server = prometheus;

            JsonNode sizes = await(() -> query(http, api, "daxscope_device_size_bytes{device=\"dax0.1\"}"),
                    r -> r.size() == machines.size(), server);
            Map<String, Double> answered = new HashMap<>();
            for (JsonNode sample : sizes) {
                answered.put(sample.path("metric").path("instance").asString(),
                        Double.parseDouble(sample.path("value").get(1).asString()));
            }
            assertThat(answered).isEqualTo(expectedSize);

            JsonNode up = query(http, api, "up{job=\"daxscope\"}");
            assertThat(up).hasSize(machines.size()).allSatisfy(s -> assertThat(s.path("value").get(1).asString()).isEqualTo("1"));

            // The poisoned machine's alert fires in the real server (the rule has no 'for').
            String poisoned = served.get("poison").metrics().getAuthority();
            JsonNode alerts = await(() -> get(http, api.resolve("alerts")).path("data").path("alerts"),
                    a -> a.size() > 0, server);
            assertThat(alerts).singleElement().satisfies(a -> {
                assertThat(a.path("labels").path("alertname").asString()).isEqualTo("DaxscopePoisonedPage");
                assertThat(a.path("labels").path("instance").asString()).isEqualTo(poisoned);
                assertThat(a.path("state").asString()).isEqualTo("firing");
            });
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor();
                }
            }
            for (ServedMachine s : served.values()) {
                s.close();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static JsonNode get(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            // 503 while the server starts (its storage is not ready yet): asked again by await.
            throw new IOException(uri + ": HTTP " + r.statusCode() + " " + r.body().strip());
        }
        return new ObjectMapper().readTree(r.body());
    }

    private static JsonNode query(HttpClient http, URI api, String promql) throws IOException, InterruptedException {
        JsonNode answer = get(http, api.resolve("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        assertThat(answer.path("status").asString()).as(answer.toString()).isEqualTo("success");
        return answer.path("data").path("result");
    }

    private interface Call {
        JsonNode get() throws Exception;
    }

    /** Asks until the answer satisfies {@code done} (Prometheus needs a few scrapes), failing after PATIENCE. */
    private static JsonNode await(Call call, Predicate<JsonNode> done, Process server) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Exception last = null;
        JsonNode answer = null;
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("prometheus is running").isTrue();
            try {
                answer = call.get();
                if (done.test(answer)) {
                    return answer;
                }
            } catch (IOException e) {
                last = e; // not listening or not ready yet
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        throw new AssertionError("Prometheus did not answer as expected within " + PATIENCE + ": " + answer, last);
    }
}
