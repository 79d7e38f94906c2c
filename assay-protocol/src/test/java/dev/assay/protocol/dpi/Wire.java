package dev.assay.protocol.dpi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.Endpoint;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import dev.assay.protocol.flow.Transport;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Test support: bytes laid out field by field as the specifications draw them, and flows made of them. */
final class Wire {
    private Wire() {}

    /** Concatenates parts: an Integer is one byte, a String its ASCII bytes, a byte[] itself. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer i) out.write(i);
            else if (p instanceof String s) out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            else if (p instanceof byte[] b) out.writeBytes(b);
            else throw new IllegalArgumentException("part " + p);
        }
        return out.toByteArray();
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    static byte[] u16le(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    static byte[] u24(int v) {
        return new byte[] {(byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    static byte[] u32(long v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    static byte[] u32le(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    static byte[] zeros(int n) {
        return new byte[n];
    }

    static byte[] fill(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    /** A copy with one byte changed. */
    static byte[] with(byte[] b, int index, int value) {
        byte[] c = b.clone();
        c[index] = (byte) value;
        return c;
    }

    static byte[] cut(byte[] b, int n) {
        return Arrays.copyOf(b, n);
    }

    static Endpoint ep(String ip, int port) {
        try {
            return new Endpoint(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A flow from 10.0.0.1:{@code clientPort} to 10.0.0.2:{@code serverPort}; payloads alternate a, b, a, ... (null skips one side). */
    static FlowSample flow(Transport l4, int clientPort, int serverPort, byte[]... alternating) {
        List<Segment> segs = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < alternating.length; i++) {
            if (alternating[i] == null) continue;
            Direction d = i % 2 == 0 ? Direction.A_TO_B : Direction.B_TO_A;
            segs.add(new Segment(d, t++, alternating[i].length + 40, alternating[i]));
        }
        return new FlowSample(l4, ep("10.0.0.1", clientPort), ep("10.0.0.2", serverPort), -1, segs, Math.max(1, segs.size()));
    }

    static FlowSample tcp(int clientPort, int serverPort, byte[]... alternating) {
        return flow(Transport.TCP, clientPort, serverPort, alternating);
    }

    static FlowSample udp(int clientPort, int serverPort, byte[]... alternating) {
        return flow(Transport.UDP, clientPort, serverPort, alternating);
    }

    /** Several segments from the opener only. */
    static FlowSample oneWay(Transport l4, int clientPort, int serverPort, byte[]... payloads) {
        List<Segment> segs = new ArrayList<>();
        long t = 0;
        for (byte[] p : payloads) segs.add(new Segment(Direction.A_TO_B, t++, p.length + 40, p));
        return new FlowSample(l4, ep("10.0.0.1", clientPort), ep("10.0.0.2", serverPort), -1, segs, segs.size());
    }

    /** The validator's match, checked for well-formedness: confidence in (0, 1), every cited range inside its direction's stream. */
    static Optional<Match> run(Validator v, FlowSample sample) {
        Optional<Match> m = v.match(new Flow(sample));
        m.ifPresent(x -> {
            assertThat(x.confidence()).isGreaterThan(0).isLessThanOrEqualTo(1);
            assertThat(x.checks()).isNotEmpty();
            for (Check c : x.checks()) for (ByteRange r : c.reads()) {
                int len = sample.stream(r.direction(), Integer.MAX_VALUE).length;
                assertThat(r.length()).as("range of %s", c.name()).isPositive();
                assertThat(r.offset() + r.length()).as("range of %s", c.name()).isLessThanOrEqualTo(len);
            }
        });
        return m;
    }

    /** Asserts the validator accepts the flow as {@code label} and returns the match. */
    static Match accepts(Validator v, String label, FlowSample sample) {
        Optional<Match> m = run(v, sample);
        assertThat(m).as("%s should accept", label).isPresent();
        assertThat(m.get().label()).isEqualTo(label);
        return m.get();
    }

    static void refuses(Validator v, FlowSample sample) {
        assertThat(run(v, sample)).as("should refuse").isEmpty();
    }
}
