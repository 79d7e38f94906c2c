package dev.assay.protocol.labels;

import dev.assay.protocol.flow.Endpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * One flow line of an nDPI result file: its number, the layer-4 protocol as nDPI prints it
 * ({@code TCP}, {@code UDP}, {@code ICMP}, or an IP protocol number), the two ends as
 * {@code ip:port} (IPv6 in brackets), whether nDPI saw both directions ({@code <->}) or one
 * ({@code ->}), the protocol ids, the master protocol and the application ({@code TLS} and
 * {@code YouTube} of {@code 91.124/TLS.YouTube}), and nDPI's confidence text.
 */
public record NdpiFlow(int number, String l4, String a, String b, boolean bidirectional, String protocolIds,
                       String master, Optional<String> application, String confidence) {
    public NdpiFlow {
        Objects.requireNonNull(l4, "l4");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(protocolIds, "protocolIds");
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(confidence, "confidence");
    }

    /** {@code MASTER.APP}, or the master alone. */
    public String label() {
        return application.map(app -> master + "." + app).orElse(master);
    }

    /**
     * Whether the label is one to score against: nDPI found it by inspecting payload (its
     * confidence starts with {@code DPI}: plain, cache, partial, aggressive), and the master is not
     * a protocol of nDPI's test-only custom rules ({@code CustomProtocol*}).
     */
    public boolean trusted() {
        return confidence.startsWith("DPI") && !master.startsWith("CustomProtocol");
    }

    /** End {@code a} as an {@link Endpoint}, for matching against captured flows. */
    public Endpoint endpointA() {
        return endpoint(a);
    }

    /** End {@code b} as an {@link Endpoint}. */
    public Endpoint endpointB() {
        return endpoint(b);
    }

    /** Parses {@code ip:port} / {@code [ipv6]:port}; the address must be a literal (never looked up). */
    static Endpoint endpoint(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("not ip:port: " + text);
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        else if (host.indexOf(':') >= 0) throw new IllegalArgumentException("IPv6 address without brackets: " + text);
        if (host.isEmpty() || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            throw new IllegalArgumentException("not an address literal: " + text);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + text, e);
        }
        try {
            return new Endpoint(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in " + text, e);
        }
    }
}
