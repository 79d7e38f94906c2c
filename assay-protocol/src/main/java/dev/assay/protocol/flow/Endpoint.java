package dev.assay.protocol.flow;

import java.net.InetAddress;
import java.util.Objects;

/** One end of a flow: an address and a port (0 for transports without ports). */
public record Endpoint(InetAddress address, int port) {
    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port out of range: " + port);
    }

    /** {@code ip:port}, an IPv6 address in brackets, as {@code assay protocol classify --json} prints it. */
    @Override
    public String toString() {
        String host = address.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
