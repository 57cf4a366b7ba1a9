package dev.daxscope.serve.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client that speaks HTTP by hand, so a test can do what a well-behaved client never does:
 * send half a request and wait, come from another loopback address (127.0.0.0/8 is all this
 * machine's), reset the connection mid-answer, send bytes a URI class would refuse.
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;

    private RawClient(Socket socket) {
        this.socket = socket;
    }

    /** Connects to {@code server}'s host and port from {@code from} (a 127.x.y.z address), or from any address when null. */
    public static RawClient connect(URI server, String from) throws IOException {
        Socket s = new Socket();
        if (from != null) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        }
        s.connect(new InetSocketAddress(server.getHost(), server.getPort()), 10_000);
        return new RawClient(s);
    }

    /** What an HTTP/1.1 server answered: status, headers (names in lower case) and body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Sends {@code METHOD PATH} with {@code Connection: close} and reads the whole answer. */
    public static Answer exchange(URI server, String from, String method, String path) throws IOException {
        try (RawClient c = connect(server, from)) {
            c.send(method + " " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
            return c.answer(Duration.ofSeconds(30), !method.equals("HEAD"));
        }
    }

    /** Reads one answer; its body is read to Content-Length (none for HEAD, {@code withBody} false). */
    public Answer answer(Duration patience, boolean withBody) throws IOException {
        socket.setSoTimeout((int) patience.toMillis());
        InputStream in = socket.getInputStream();
        String status = line(in);
        if (status == null) {
            throw new IOException("the server closed the connection without answering");
        }
        String[] parts = status.split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        int length = withBody ? Integer.parseInt(headers.getOrDefault("content-length", "0")) : 0;
        return new Answer(Integer.parseInt(parts[1]), headers, in.readNBytes(length));
    }

    /** Waits for the server to end the connection: true when it did (end of stream or reset) within {@code patience}. */
    public boolean closedByServerWithin(Duration patience) throws IOException {
        socket.setSoTimeout((int) patience.toMillis());
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** Closes with SO_LINGER 0: the kernel sends a reset instead of a FIN. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
