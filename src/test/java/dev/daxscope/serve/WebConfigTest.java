package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A web configuration daxscope cannot honour whole is refused in one line naming the setting, never half applied. */
class WebConfigTest {
    private static final String HASH = "$2y$10$" + "a".repeat(53);

    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Files.writeString(dir.resolve("server.crt"), "x");
        Files.writeString(dir.resolve("server.key"), "x");
        return Files.writeString(dir.resolve("web.yml"), yaml);
    }

    private void refused(String yaml, String why) throws Exception {
        Path f = file(yaml);
        assertThatThrownBy(() -> WebConfig.load(f)).isInstanceOf(WebConfig.Invalid.class)
                .hasMessageStartingWith(f.toString()).hasMessageContaining(why)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void usersAndTlsAreRead() throws Exception {
        WebConfig c = WebConfig.load(file("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "basic_auth_users:\n  alice: " + HASH + "\n"));
        assertThat(c.users()).containsEntry("alice", HASH);
        assertThat(c.tls()).hasValueSatisfying(t -> assertThat(t.certFile()).isEqualTo(dir.resolve("server.crt")));
        assertThat(c.authenticates()).isTrue();
        assertThat(WebConfig.load(file("")).tls()).isEmpty();
    }

    @Test
    void whatCannotBeHonouredIsNamed() throws Exception {
        refused("basic_auth_user:\n  alice: " + HASH + "\n", "basic_auth_user is not a setting daxscope serve knows");
        refused("basic_auth_users:\n  alice: hunter2\n", "the password of user 'alice' is not a bcrypt hash");
        refused("tls_server_config:\n  cert_file: server.crt\n", "needs both cert_file and key_file");
        refused("tls_server_config:\n  cert_file: server.crt\n  key_file: missing.key\n", "is not a readable file");
        refused("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAnyClientCert\n",
                "client_auth_type 'RequireAnyClientCert' is not one of");
        refused("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n",
                "needs client_ca_file");
        refused("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  cipher_suites: [x]\n",
                "tls_server_config.cipher_suites is not a setting");
        refused("http_server_config:\n  http2: false\n", "http_server_config is not supported");
        refused("[1, 2\n", "cannot be read as YAML");
    }

    @Test
    void aKeyInAnOlderPemFormatGetsTheCommandThatConvertsIt() throws Exception {
        Files.writeString(dir.resolve("old.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        Files.writeString(dir.resolve("server.crt"), "x");
        WebConfig.Tls tls = new WebConfig.Tls(dir.resolve("server.crt"), dir.resolve("old.key"),
                WebConfig.ClientAuth.NO_CLIENT_CERT, null, "TLS12");
        assertThatThrownBy(() -> TlsFiles.settings(tls)).hasMessageContaining("holds no PEM certificate");
        new TestCertificates(dir).ca("ca");
        WebConfig.Tls withCert = new WebConfig.Tls(dir.resolve("ca.crt"), dir.resolve("old.key"),
                WebConfig.ClientAuth.NO_CLIENT_CERT, null, "TLS12");
        assertThatThrownBy(() -> TlsFiles.settings(withCert)).hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }
}
