package dev.daxscope.serve;

/**
 * Where the exporter listens: {@code HOST:PORT}, {@code [IPv6]:PORT}. Port 0 takes any free port.
 * The default is loopback on {@link #DEFAULT_PORT}: the exporter is reachable from other hosts only
 * when the operator names such an address.
 */
public record ListenAddress(String host, int port) {
    /**
     * daxscope's fixed port. The Prometheus project's range for exporters (9100-9999) is full and
     * new exporters take ports above 10000; 10329 was picked there (see docs/fleet.md).
     */
    public static final int DEFAULT_PORT = 10329;
    public static final ListenAddress DEFAULT = new ListenAddress("127.0.0.1", DEFAULT_PORT);

    public ListenAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
    }

    /** Parses {@code HOST:PORT} or {@code [IPv6]:PORT}; IllegalArgumentException says what is wrong with it. */
    public static ListenAddress parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' has no ']' closing the IPv6 address");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (rest.isEmpty() || rest.equals(":")) {
                throw new IllegalArgumentException("'" + text + "' has no port: write [" + host + "]:" + DEFAULT_PORT);
            }
            if (!rest.startsWith(":") || host.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' is not [IPv6]:PORT (e.g. [::1]:" + DEFAULT_PORT + ")");
            }
            port = rest.substring(1);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (e.g. 127.0.0.1:" + DEFAULT_PORT + ")");
            }
            host = text.substring(0, colon);
            if (host.contains(":")) {
                throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, e.g. [::1]:" + DEFAULT_PORT);
            }
            port = text.substring(colon + 1);
        }
        if (!port.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("'" + port + "' in '" + text + "' is not a port number");
        }
        return new ListenAddress(host, Integer.parseInt(port));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
