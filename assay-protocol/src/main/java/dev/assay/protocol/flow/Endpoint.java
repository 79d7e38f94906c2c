package dev.assay.protocol.flow;

import dev.assay.protocol.capture.AddressText;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/** One end of a flow: an address and a port (0 for transports without ports). */
public record Endpoint(InetAddress address, int port) {
    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port out of range: " + port);
    }

    /**
     * {@code ip:port}, an IPv6 address in brackets and in RFC 5952's compressed form ({@link AddressText}, as nDPI
     * writes it), as every output prints it: {@code assay protocol classify}, its {@code --json}, the HTTP API. Java
     * reads an IPv4-mapped address ({@code ::ffff:a.b.c.d}) as IPv4, so such an end prints dotted, without brackets.
     */
    @Override
    public String toString() {
        String host = AddressText.of(address.getAddress());
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
