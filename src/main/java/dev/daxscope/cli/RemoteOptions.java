package dev.daxscope.cli;

import dev.daxscope.source.remote.RemoteSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Option;

/**
 * {@code --remote URL} and what it needs: a machine read from another host's
 * {@code daxscope serve --share-state}. The password comes from a file or the environment,
 * never from the command line, where every user of the host could read it in the process list.
 */
public final class RemoteOptions {
    @Option(names = "--remote", paramLabel = "URL",
            description = "Read the machine that 'daxscope serve --share-state' serves at URL, an https address with its port.")
    String remote;

    @Option(names = "--user", paramLabel = "NAME", description = "The user of the server's web configuration.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "The user's password, alone in FILE (default: the DAXSCOPE_PASSWORD environment variable).")
    Path passwordFile;

    @Option(names = "--cacert", paramLabel = "FILE", description = "PEM certificates of the CA that signed the server's certificate.")
    Path caCert;

    boolean given() {
        return remote != null;
    }

    /** The endpoint of {@code --remote URL} with these credentials (the inspector's own options); errors as {@link #endpoint()}. */
    public static RemoteSource.Endpoint endpoint(String url, String user, Path passwordFile, Path caCert) {
        RemoteOptions o = new RemoteOptions();
        o.remote = url;
        o.user = user;
        o.passwordFile = passwordFile;
        o.caCert = caCert;
        return o.endpoint();
    }

    /** The server and credentials these options name; IllegalArgumentException says in one line what is wrong. */
    RemoteSource.Endpoint endpoint() {
        URI uri;
        try {
            uri = new URI(remote);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--remote '" + remote + "' is not a URL (e.g. https://host:10329)");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--remote '" + remote + "' is not an http:// or https:// URL with a host");
        }
        String password = null;
        if (user != null) {
            try {
                password = passwordFile != null ? Files.readString(passwordFile, StandardCharsets.UTF_8).strip()
                        : System.getenv("DAXSCOPE_PASSWORD");
            } catch (IOException e) {
                throw new IllegalArgumentException("--password-file " + passwordFile + " cannot be read: " + e.getMessage());
            }
            if (password == null) {
                throw new IllegalArgumentException("--user " + user + " needs a password: --password-file FILE or DAXSCOPE_PASSWORD");
            }
        }
        return new RemoteSource.Endpoint(uri, user, password, caCert == null ? null : trusting(caCert));
    }

    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException("--cacert " + pem + " holds no PEM certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--cacert " + pem + " cannot be used: " + e.getMessage());
        }
    }
}
