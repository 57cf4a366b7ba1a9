package dev.daxscope.serve.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request's line and headers as RFC 9112 has them, read strictly: whatever a lenient reader
 * would have to guess about (a bare CR, folded or nameless headers, a target that is not a path
 * of visible ASCII, an unknown version) is refused with the status that says why.
 */
public record RequestHead(String method, String target, String version, List<Header> headers) {
    /** The longest request line; longer is 414 (the common 8 KiB of servers and proxies). */
    static final int MAX_REQUEST_LINE = 8 * 1024;
    static final int MAX_HEADERS = 100;

    public record Header(String name, String value) {
    }

    /** The target's path: everything before {@code ?}, as sent (not decoded). */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The path to show in a message or a log: as sent (visible ASCII only), cut after 100 characters. */
    public String pathExcerpt() {
        String path = path();
        return path.length() <= 100 ? path : path.substring(0, 100) + "...";
    }

    /** The target's query, as sent, or null when it has none. */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    /** Every value of the header {@code name} (names compare without case), in the order sent. */
    public List<String> values(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    /** Whether the client asked to keep the connection for another request. */
    boolean keepAlive() {
        List<String> options = values("Connection").stream()
                .flatMap(v -> List.of(v.split(",")).stream()).map(o -> o.strip().toLowerCase(Locale.ROOT)).toList();
        return version.equals("HTTP/1.1") ? !options.contains("close") : options.contains("keep-alive");
    }

    /** Whether a body follows the head; this server reads none, so the connection ends after the answer. */
    boolean hasBody() {
        return !values("Transfer-Encoding").isEmpty() || values("Content-Length").stream().anyMatch(v -> !v.matches("0+"));
    }

    /**
     * Reads one request head of at most {@code maxBytes} bytes from {@code in}; null when the
     * stream ends before a request starts. EOFException when it ends inside one.
     */
    static RequestHead read(InputStream in, int maxBytes) throws IOException, HttpError {
        Budget budget = new Budget(maxBytes);
        String line;
        do { // RFC 9112 2.2: empty lines before a request line are ignored.
            line = budget.line(in, Math.min(MAX_REQUEST_LINE, maxBytes), 414, "the request line is longer than "
                    + Math.min(MAX_REQUEST_LINE, maxBytes) + " bytes");
            if (line == null) {
                return null;
            }
        } while (line.isEmpty());
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !isToken(parts[0])) {
            throw new HttpError(400, "the request line is not METHOD TARGET HTTP/1.1");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw parts[2].matches("HTTP/\\d\\.\\d")
                    ? new HttpError(505, "only HTTP/1.1 and HTTP/1.0 are spoken here")
                    : new HttpError(400, "the request line does not end in an HTTP version");
        }
        if (!parts[1].startsWith("/") || !parts[1].chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new HttpError(400, "the request target is not a path of visible ASCII characters");
        }
        return new RequestHead(parts[0], parts[1], parts[2], headers(in, budget));
    }

    private static List<Header> headers(InputStream in, Budget budget) throws IOException, HttpError {
        List<Header> headers = new ArrayList<>();
        for (String line = budget.headerLine(in); !line.isEmpty(); line = budget.headerLine(in)) {
            if (headers.size() == MAX_HEADERS) {
                throw new HttpError(431, "the request has more than " + MAX_HEADERS + " headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new HttpError(400, "a header line is not NAME: VALUE");
            }
            String value = line.substring(colon + 1).strip();
            // Visible characters, spaces and tabs (and obs-text), nothing that could act on a terminal or log.
            if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f))) {
                throw new HttpError(400, "a header value has a control character");
            }
            headers.add(new Header(line.substring(0, colon), value));
        }
        List<String> lengths = headers.stream().filter(h -> h.name().equalsIgnoreCase("Content-Length")).map(Header::value).toList();
        if (lengths.stream().anyMatch(v -> !v.matches("\\d{1,18}")) || lengths.stream().distinct().count() > 1) {
            throw new HttpError(400, "the Content-Length is not one number");
        }
        return List.copyOf(headers);
    }

    /** RFC 9110 tchar: what a method or a header name is made of. */
    private static boolean isToken(String s) {
        return s.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0);
    }

    /** The bytes a head may still take; lines are read within it. */
    private static final class Budget {
        private final int max;
        private int left;

        Budget(int max) {
            this.max = max;
            this.left = max;
        }

        String headerLine(InputStream in) throws IOException, HttpError {
            String line = line(in, left, 431, "the request head is longer than " + max + " bytes");
            if (line == null) {
                throw new EOFException("the client ended its connection inside a request head");
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                throw new HttpError(400, "a header line is folded (starts with a space)");
            }
            return line;
        }

        /** A line without its CRLF (or LF); null at the end of the stream before its first byte. */
        String line(InputStream in, int limit, int tooLong, String why) throws IOException, HttpError {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            int used = 0;
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    if (used == 0) {
                        return null;
                    }
                    throw new EOFException("the client ended its connection inside a request head");
                }
                if (++used >= Math.min(limit, left)) {
                    throw new HttpError(tooLong, why);
                }
                bytes.write(c);
            }
            left -= used + 1;
            byte[] b = bytes.toByteArray();
            int end = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
            for (int i = 0; i < end; i++) {
                if (b[i] == '\r' || b[i] == 0) {
                    throw new HttpError(400, "a line of the request has a bare CR or a NUL");
                }
            }
            return new String(b, 0, end, StandardCharsets.ISO_8859_1);
        }
    }
}
