package dev.daxscope.serve.http;

import javax.net.ssl.SSLContext;

/**
 * How a {@link BoundedHttpServer} speaks TLS: the context with its certificate (and the CAs that
 * sign client certificates), the protocol versions, and whether a client certificate is asked for
 * ({@code wantClientCert}: verified when given) or required.
 */
public record TlsSettings(SSLContext context, String[] protocols, boolean wantClientCert, boolean needClientCert) {
}
