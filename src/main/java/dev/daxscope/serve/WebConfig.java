package dev.daxscope.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code serve --web.config.file}: the web configuration file of the Prometheus exporters
 * (node_exporter and the others built on the Prometheus exporter toolkit), so an operator reuses
 * the file they have. daxscope reads its TLS server settings and basic-auth users:
 * <pre>
 * tls_server_config:
 *   cert_file: server.crt          # PEM certificate (chain)
 *   key_file: server.key           # PEM private key, PKCS#8
 *   client_auth_type: RequireAndVerifyClientCert   # or NoClientCert, VerifyClientCertIfGiven
 *   client_ca_file: clients-ca.crt # PEM CA certificates that sign client certificates
 * basic_auth_users:
 *   alice: $2y$10$...              # bcrypt hash (htpasswd -nBC 10 alice)
 * </pre>
 * Relative paths are relative to the file's folder, as the toolkit has them. A key daxscope does
 * not know is refused by name rather than ignored: a setting silently dropped would leave a
 * server less protected than its operator believes.
 */
public record WebConfig(Optional<Tls> tls, Map<String, String> users) {
    private static final Set<String> TOP = Set.of("tls_server_config", "basic_auth_users", "http_server_config");
    private static final Set<String> TLS_KEYS = Set.of("cert_file", "key_file", "client_auth_type", "client_ca_file",
            "min_version");

    /** The certificate and key to serve with, and whether and how client certificates are checked. */
    public record Tls(Path certFile, Path keyFile, ClientAuth clientAuth, Path clientCaFile, String minVersion) {
    }

    /** The client_auth_type values daxscope takes: the toolkit's, less the two that accept a certificate unverified. */
    public enum ClientAuth {
        NO_CLIENT_CERT("NoClientCert"), VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven"),
        REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert");

        private final String name;

        ClientAuth(String name) {
            this.name = name;
        }

        public String configName() {
            return name;
        }
    }

    /** A web configuration file that cannot be used; the message names the file and what is wrong, in one line. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    public WebConfig {
        users = Map.copyOf(users);
    }

    /** Neither TLS nor users: what serving without the option means. */
    public static final WebConfig NONE = new WebConfig(Optional.empty(), Map.of());

    /** Whether clients must say who they are (a password or a verified certificate). */
    public boolean authenticates() {
        return !users.isEmpty() || tls.map(t -> t.clientAuth() == ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT).orElse(false);
    }

    public static WebConfig load(Path file) throws Invalid {
        JsonNode root;
        try {
            if (!Files.isRegularFile(file)) {
                throw new Invalid(file + " is not a file");
            }
            if (Files.size(file) > 1 << 20) {
                throw new Invalid(file + " is larger than 1 MiB; a web configuration file is a few lines");
            }
            root = YAMLMapper.builder().build().readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            throw new Invalid(file + " cannot be read as YAML: " + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return NONE;
        }
        if (!root.isObject()) {
            throw new Invalid(file + ": the top level is not a mapping of settings");
        }
        unknownKeys(file, "", root, TOP);
        Path dir = file.toAbsolutePath().getParent();
        Optional<Tls> tls = root.has("tls_server_config") ? Optional.of(tls(file, dir, root.get("tls_server_config")))
                : Optional.empty();
        Map<String, String> users = new LinkedHashMap<>();
        JsonNode u = root.get("basic_auth_users");
        if (u != null && !u.isNull()) {
            if (!u.isObject()) {
                throw new Invalid(file + ": basic_auth_users is not a mapping of user names to bcrypt hashes");
            }
            for (Map.Entry<String, JsonNode> e : u.properties()) {
                String hash = e.getValue().isString() ? e.getValue().asString() : "";
                if (!hash.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                    throw new Invalid(file + ": the password of user '" + e.getKey()
                            + "' is not a bcrypt hash ($2y$10$... as htpasswd -nBC 10 USER makes)");
                }
                users.put(e.getKey(), hash);
            }
        }
        JsonNode http = root.get("http_server_config");
        if (http != null && !http.isNull() && !http.isEmpty()) {
            throw new Invalid(file + ": http_server_config is not supported by daxscope serve (remove it)");
        }
        return new WebConfig(tls, users);
    }

    private static Tls tls(Path file, Path dir, JsonNode t) throws Invalid {
        if (!t.isObject()) {
            throw new Invalid(file + ": tls_server_config is not a mapping");
        }
        unknownKeys(file, "tls_server_config.", t, TLS_KEYS);
        Path cert = path(file, dir, t, "cert_file");
        Path key = path(file, dir, t, "key_file");
        if (cert == null || key == null) {
            throw new Invalid(file + ": tls_server_config needs both cert_file and key_file");
        }
        String authName = text(t, "client_auth_type", "NoClientCert");
        ClientAuth auth = null;
        for (ClientAuth a : ClientAuth.values()) {
            if (a.configName().equals(authName)) {
                auth = a;
            }
        }
        if (auth == null) {
            throw new Invalid(file + ": client_auth_type '" + authName + "' is not one of NoClientCert, "
                    + "VerifyClientCertIfGiven, RequireAndVerifyClientCert (certificates accepted unverified are refused)");
        }
        Path ca = path(file, dir, t, "client_ca_file");
        if (auth != ClientAuth.NO_CLIENT_CERT && ca == null) {
            throw new Invalid(file + ": client_auth_type " + authName + " needs client_ca_file, the CAs that sign client certificates");
        }
        String min = text(t, "min_version", "TLS12");
        if (!List.of("TLS12", "TLS13").contains(min)) {
            throw new Invalid(file + ": min_version '" + min + "' is not TLS12 or TLS13");
        }
        return new Tls(cert, key, auth, ca, min);
    }

    private static void unknownKeys(Path file, String prefix, JsonNode node, Set<String> known) throws Invalid {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                throw new Invalid(file + ": " + prefix + name + " is not a setting daxscope serve knows (it reads "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode t, String name, String absent) {
        JsonNode v = t.get(name);
        return v == null || v.isNull() ? absent : v.asString();
    }

    private static Path path(Path file, Path dir, JsonNode t, String name) throws Invalid {
        String v = text(t, name, "");
        if (v.isEmpty()) {
            return null;
        }
        Path p = dir.resolve(v);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new Invalid(file + ": " + name + " " + p + " is not a readable file");
        }
        return p;
    }

    private static String firstLine(String s) {
        String text = String.valueOf(s);
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
