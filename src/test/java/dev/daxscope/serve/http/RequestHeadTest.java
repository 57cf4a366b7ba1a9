package dev.daxscope.serve.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading request heads strictly: what is accepted, and the status of each refusal. */
class RequestHeadTest {
    private static final int MAX = Limits.DEFAULT.maxHeadBytes();

    private static RequestHead read(String text) throws Exception {
        return RequestHead.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), MAX);
    }

    private static void refused(String text, int status, String why) {
        assertThatThrownBy(() -> read(text)).as(text.length() > 60 ? text.substring(0, 60) : text)
                .isInstanceOfSatisfying(HttpError.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.getMessage()).contains(why);
                });
    }

    @Test
    void aScrapersRequestIsReadWithItsPathQueryAndHeaders() throws Exception {
        RequestHead h = read("\r\nGET /metrics?name[]=a&debug=text HTTP/1.1\r\nHost: x\r\naccept-ENCODING: gzip\r\n"
                + "Accept: text/plain\r\nAccept:  application/openmetrics-text \r\n\r\nGET /next");
        assertThat(h.method()).isEqualTo("GET");
        assertThat(h.path()).isEqualTo("/metrics");
        assertThat(h.query()).isEqualTo("name[]=a&debug=text");
        assertThat(h.values("Accept-Encoding")).containsExactly("gzip");
        assertThat(h.values("accept")).containsExactly("text/plain", "application/openmetrics-text");
        assertThat(h.keepAlive()).isTrue();
        assertThat(h.hasBody()).isFalse();
        assertThat(read("GET / HTTP/1.1\nHost: x\n\n").path()).as("bare LF line ends").isEqualTo("/");
        assertThat(read("GET / HTTP/1.1\r\n\r\n").query()).isNull();
    }

    @Test
    void connectionAndBodyAreReadAsRfc9112Says() throws Exception {
        assertThat(read("GET / HTTP/1.1\r\nConnection: Keep-Alive, CLOSE\r\n\r\n").keepAlive()).isFalse();
        assertThat(read("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(read("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive()).isTrue();
        assertThat(read("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n").hasBody()).isTrue();
        assertThat(read("POST / HTTP/1.1\r\nContent-Length: 000\r\n\r\n").hasBody()).isFalse();
        assertThat(read("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").hasBody()).isTrue();
    }

    @Test
    void theEndOfTheStreamBeforeARequestIsNoRequestAndInsideOneIsAnError() throws Exception {
        assertThat(read("")).isNull();
        assertThat(read("\r\n")).isNull();
        assertThatThrownBy(() -> read("GET / HTTP/1.1\r\nHost: x\r\n")).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> read("GET /metr")).isInstanceOf(EOFException.class);
    }

    /** A malformed head, and the status and reason it is refused with. */
    private record Malformed(String head, int status, String why) {
    }

    private static final List<Malformed> MALFORMED = List.of(
            new Malformed("GET  /metrics HTTP/1.1", 400, "not METHOD TARGET HTTP/1.1"),
            new Malformed("GET /metrics", 400, "not METHOD TARGET HTTP/1.1"),
            new Malformed("G(T /metrics HTTP/1.1", 400, "not METHOD TARGET HTTP/1.1"),
            new Malformed("GET /metrics HTTP/2.0", 505, "only HTTP/1.1 and HTTP/1.0"),
            new Malformed("GET /metrics HTTP/1.1x", 400, "does not end in an HTTP version"),
            new Malformed("GET * HTTP/1.1", 400, "not a path of visible ASCII"),
            new Malformed("GET http://host/metrics HTTP/1.1", 400, "not a path of visible ASCII"),
            new Malformed("GET /\u001b[2J HTTP/1.1", 400, "not a path of visible ASCII"),
            new Malformed("GET /caf\u00e9 HTTP/1.1", 400, "not a path of visible ASCII"),
            new Malformed("GET /a\rb HTTP/1.1", 400, "bare CR"),
            new Malformed("GET /a\u0000 HTTP/1.1", 400, "bare CR or a NUL"),
            new Malformed("GET / HTTP/1.1\r\nHost x", 400, "not NAME: VALUE"),
            new Malformed("GET / HTTP/1.1\r\nHost : x", 400, "not NAME: VALUE"),
            new Malformed("GET / HTTP/1.1\r\n: x", 400, "not NAME: VALUE"),
            new Malformed("GET / HTTP/1.1\r\nX-A: 1\r\n folded", 400, "folded"),
            new Malformed("GET / HTTP/1.1\r\nX-A: \u001b]0;title\u0007", 400, "control character"),
            new Malformed("GET / HTTP/1.1\r\nContent-Length: 5x", 400, "not one number"),
            new Malformed("GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6", 400, "not one number"));

    @Test
    void malformedRequestLinesAndHeadersAreRefused() {
        for (Malformed m : MALFORMED) {
            refused(m.head() + "\r\n\r\n", m.status(), m.why());
        }
    }

    @Test
    void oversizedHeadsAreRefusedWithTheirOwnStatus() throws Exception {
        refused("GET /" + "a".repeat(RequestHead.MAX_REQUEST_LINE) + " HTTP/1.1\r\n\r\n", 414, "longer than 8192 bytes");
        refused("GET / HTTP/1.1\r\nX-A: " + "a".repeat(MAX) + "\r\n\r\n", 431, "longer than " + MAX + " bytes");
        refused("GET / HTTP/1.1\r\n" + "X-A: 1\r\n".repeat(RequestHead.MAX_HEADERS + 1) + "\r\n", 431, "more than 100 headers");
        assertThat(read("GET / HTTP/1.1\r\n" + "X-A: 1\r\n".repeat(RequestHead.MAX_HEADERS) + "\r\n").headers())
                .hasSize(RequestHead.MAX_HEADERS);
        // Empty lines before the request line count against the head too: no endless stream of CRLF.
        refused("\r\n".repeat(MAX), 414, "longer than");
    }

    @Test
    void aPathIsShownCutAfterAHundredCharacters() throws Exception {
        RequestHead h = new RequestHead("GET", "/" + "a".repeat(300) + "?q", "HTTP/1.1", List.of());
        assertThat(h.pathExcerpt()).hasSize(103).endsWith("a...");
        assertThat(read("GET /%1B[2J HTTP/1.1\r\n\r\n").pathExcerpt()).isEqualTo("/%1B[2J");
    }
}
