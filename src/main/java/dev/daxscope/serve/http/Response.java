package dev.daxscope.serve.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An answer, whole before it is sent: status, headers and body. The server adds
 * {@code Content-Length} (always, so a kept-alive connection knows where the answer ends) and
 * {@code Connection: close} when it will close.
 */
public record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(414, "URI Too Long"), Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"), Map.entry(503, "Service Unavailable"),
            Map.entry(505, "HTTP Version Not Supported"));

    public Response {
        headers = List.copyOf(headers);
        if (headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Content-Length") || h.getKey().equalsIgnoreCase("Connection"))) {
            throw new IllegalArgumentException("Content-Length and Connection are the server's to set");
        }
    }

    /** A plain-text answer; {@code extra} are further header name, value pairs. */
    public static Response text(int status, String body, String... extra) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", "text/plain; charset=utf-8"));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            headers.add(Map.entry(extra[i], extra[i + 1]));
        }
        return new Response(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the answer; the body is left out for a HEAD request, its length still announced. */
    void writeTo(OutputStream out, boolean withBody, boolean close) throws IOException {
        StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ')
                .append(REASONS.getOrDefault(status, "Status")).append("\r\n");
        for (Map.Entry<String, String> h : headers) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n");
        if (close) {
            head.append("Connection: close\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (withBody) {
            out.write(body);
        }
        out.flush();
    }
}
