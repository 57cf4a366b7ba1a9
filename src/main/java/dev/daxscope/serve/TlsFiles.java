package dev.daxscope.serve;

import dev.daxscope.serve.http.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS side of a {@link WebConfig}: its PEM certificate, key and client CAs made into what the
 * server's sockets use. Keys are PKCS#8 ({@code BEGIN PRIVATE KEY}), RSA or EC; an older PEM key
 * is refused with the command that converts it.
 */
final class TlsFiles {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final char[] IN_MEMORY = "daxscope".toCharArray();

    private TlsFiles() {
    }

    static TlsSettings settings(WebConfig.Tls tls) throws WebConfig.Invalid {
        try {
            List<Certificate> chain = certificates(tls.certFile());
            if (chain.isEmpty()) {
                throw new WebConfig.Invalid("cert_file " + tls.certFile() + " holds no PEM certificate");
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", privateKey(tls.keyFile()), IN_MEMORY, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, IN_MEMORY);
            TrustManagerFactory tmf = null;
            if (tls.clientCaFile() != null) {
                KeyStore cas = KeyStore.getInstance("PKCS12");
                cas.load(null, null);
                int i = 0;
                for (Certificate c : certificates(tls.clientCaFile())) {
                    cas.setCertificateEntry("ca" + i++, c);
                }
                if (i == 0) {
                    throw new WebConfig.Invalid("client_ca_file " + tls.clientCaFile() + " holds no PEM certificate");
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(cas);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            String[] protocols = tls.minVersion().equals("TLS13") ? new String[] {"TLSv1.3"} : new String[] {"TLSv1.3", "TLSv1.2"};
            return new TlsSettings(context, protocols, tls.clientAuth() == WebConfig.ClientAuth.VERIFY_CLIENT_CERT_IF_GIVEN,
                    tls.clientAuth() == WebConfig.ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT);
        } catch (IOException | GeneralSecurityException e) {
            throw new WebConfig.Invalid("the TLS certificate or key cannot be used: " + e.getMessage());
        }
    }

    private static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> out = new ArrayList<>();
        for (Block b : blocks(file)) {
            if (b.type().equals("CERTIFICATE")) {
                out.add(factory.generateCertificate(new ByteArrayInputStream(b.der())));
            }
        }
        return out;
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException, WebConfig.Invalid {
        for (Block b : blocks(file)) {
            if (b.type().equals("PRIVATE KEY")) {
                for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(b.der()));
                    } catch (GeneralSecurityException notThisOne) {
                        // Try the next algorithm: PKCS#8 names it inside, but KeyFactory wants it named first.
                    }
                }
                throw new WebConfig.Invalid("key_file " + file + " holds a key that is not RSA, EC or Ed25519");
            }
            if (b.type().endsWith("PRIVATE KEY")) {
                throw new WebConfig.Invalid("key_file " + file + " is a '" + b.type() + "'; convert it to PKCS#8 with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key.pem'");
            }
        }
        throw new WebConfig.Invalid("key_file " + file + " holds no PEM private key");
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(Path file) throws IOException {
        Matcher m = PEM.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        List<Block> out = new ArrayList<>();
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " has a PEM block that is not base64");
            }
        }
        return out;
    }
}
