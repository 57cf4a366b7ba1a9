package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daxscope.serve.http.Limits;
import dev.daxscope.serve.http.RawClient;
import dev.daxscope.source.sim.SimulatedSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * {@code serve --web.config.file} for real, on loopback: a certificate made in the test, users
 * with bcrypt hashes as htpasswd writes them, a wrong password, a client that trusts another CA,
 * client certificates, plain HTTP sent to the TLS port, and a silent and an oversized client.
 */
class SecuredServeTest {
    @TempDir
    Path dir;
    TestCertificates certs;

    @BeforeEach
    void certificates() throws Exception {
        certs = new TestCertificates(dir);
        certs.ca("ca");
        certs.ca("other-ca");
        certs.signed("ca", "server");
        certs.signed("ca", "alice-client");
        certs.signed("other-ca", "mallory-client");
    }

    /** htpasswd -B writes $2y$; bcrypt's cost 4 keeps the test fast. */
    private static String htpasswd(String password) {
        return BCrypt.hashpw(password, BCrypt.gensalt(4)).replaceFirst("^\\$2a\\$", "\\$2y\\$");
    }

    private WebConfig config(String clientAuth) throws Exception {
        Path file = dir.resolve("web.yml");
        Files.writeString(file, "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + (clientAuth == null ? "" : "  client_auth_type: " + clientAuth + "\n  client_ca_file: ca.crt\n")
                + "basic_auth_users:\n  alice: '" + htpasswd("s3cret") + "'\n");
        return WebConfig.load(file);
    }

    private static Exporter serve(SimulatedSource machine, WebConfig web, Limits limits) throws Exporter.ListenFailure {
        return Exporter.start(new SnapshotCache(machine, Long.MAX_VALUE, System::nanoTime), new ListenAddress("127.0.0.1", 0),
                limits, System.err::println, new Exporter.Options(true, web));
    }

    private static HttpResponse<String> get(SSLContext tls, URI uri, String user, String password) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(30)).build()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
            if (user != null) {
                b.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void theRightPasswordOverTlsIsAnsweredAndAWrongOneIs401() throws Exception {
        try (SimulatedSource machine = SimulatedSource.demo(); Exporter e = serve(machine, config(null), Limits.DEFAULT)) {
            SSLContext trusting = certs.client("ca", null);
            URI state = URI.create("https://" + e.address() + "/api/v1/state");
            URI metrics = URI.create("https://" + e.address() + "/metrics");
            assertThat(get(trusting, state, "alice", "s3cret").statusCode()).isEqualTo(200);
            assertThat(get(trusting, metrics, "alice", "s3cret").body()).contains("daxscope_device_size_bytes");
            HttpResponse<String> wrong = get(trusting, state, "alice", "guess");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic "));
            assertThat(wrong.body()).doesNotContain("snapshot");
            assertThat(get(trusting, metrics, null, null).statusCode()).as("no password, not even for the metrics").isEqualTo(401);
            assertThat(get(trusting, state, "bob", "s3cret").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aClientTrustingAnotherCaRefusesTheServer() throws Exception {
        try (SimulatedSource machine = SimulatedSource.demo(); Exporter e = serve(machine, config(null), Limits.DEFAULT)) {
            URI state = URI.create("https://" + e.address() + "/api/v1/state");
            assertThatThrownBy(() -> get(certs.client("other-ca", null), state, "alice", "s3cret"))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void plainHttpSentToTheTlsPortIsToldToUseHttps() throws Exception {
        try (SimulatedSource machine = SimulatedSource.demo(); Exporter e = serve(machine, config(null), Limits.DEFAULT)) {
            RawClient.Answer a = RawClient.exchange(URI.create("http://" + e.address()), null, "GET", "/api/v1/state");
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.text()).contains("speaks HTTPS only");
        }
    }

    @Test
    void clientCertificatesAreVerifiedAgainstTheClientCa() throws Exception {
        try (SimulatedSource machine = SimulatedSource.demo();
             Exporter e = serve(machine, config("RequireAndVerifyClientCert"), Limits.DEFAULT)) {
            URI state = URI.create("https://" + e.address() + "/api/v1/state");
            assertThat(get(certs.client("ca", "alice-client"), state, "alice", "s3cret").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(certs.client("ca", "mallory-client"), state, "alice", "s3cret"))
                    .as("a certificate another CA signed").isInstanceOf(IOException.class);
            assertThatThrownBy(() -> get(certs.client("ca", null), state, "alice", "s3cret"))
                    .as("no certificate").isInstanceOf(IOException.class);
        }
    }

    @Test
    void aSilentTlsClientIsEndedAndAnOversizedRequestIs431() throws Exception {
        Limits quick = new Limits(64, 64, 16, Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(5), 4096);
        try (SimulatedSource machine = SimulatedSource.demo(); Exporter e = serve(machine, config(null), quick)) {
            SSLContext trusting = certs.client("ca", null);
            try (SSLSocket silent = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", e.address().port())) {
                silent.startHandshake();
                silent.setSoTimeout(30_000);
                assertThat(silent.getInputStream().read()).as("ended by the head deadline, nothing sent").isEqualTo(-1);
            } catch (IOException endedByServer) {
                // A reset is as good as an end of stream: the server let go.
            }
            try (SSLSocket huge = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", e.address().port())) {
                huge.setSoTimeout(30_000);
                huge.getOutputStream().write(("GET /metrics HTTP/1.1\r\n" + "X-Pad: aaaaaaaaaaaaaaaa\r\n".repeat(400) + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = huge.getInputStream();
                assertThat(new String(in.readNBytes(12), StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 431");
            }
            assertThat(get(trusting, URI.create("https://" + e.address() + "/metrics"), "alice", "s3cret").statusCode())
                    .as("still answering").isEqualTo(200);
        }
    }
}
