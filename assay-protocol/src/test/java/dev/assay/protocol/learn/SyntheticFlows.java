package dev.assay.protocol.learn;

import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.Endpoint;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import dev.assay.protocol.flow.Transport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Two made-up protocols over TCP on an unassigned port, with the same message sizes and timing and distinct bytes,
 * plus a long tail of rare ones whose payloads are random bytes: ALPHA (text, {@code ZQX1 <word>\r\n} answered by
 * {@code ZQX1 OK <digits>\r\n}), BETA (binary, {@code C7 5A <length> <bytes>} answered by {@code C7 5B ...}).
 */
final class SyntheticFlows {
    private SyntheticFlows() {}

    static List<LabelledFlow> corpus(int files, int perProtocol, long seed) {
        Random r = new Random(seed);
        List<LabelledFlow> out = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            String file = "file-" + f + ".pcap";
            for (int i = 0; i < perProtocol; i++) {
                out.add(new LabelledFlow(alpha(r), "ALPHA", file));
                out.add(new LabelledFlow(beta(r), "BETA", file));
            }
            for (int i = 0; i < 4; i++) out.add(new LabelledFlow(random(r), "RARE" + f, file));
        }
        return out;
    }

    static FlowSample alpha(Random r) {
        return exchanges(r, (length, reply) -> {
            StringBuilder text = new StringBuilder(reply ? "ZQX1 OK " : "ZQX1 ");
            while (text.length() < length - 2) text.append(reply ? (char) ('0' + r.nextInt(10)) : (char) ('a' + r.nextInt(26)));
            return (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
        });
    }

    static FlowSample beta(Random r) {
        return exchanges(r, (length, reply) -> {
            byte[] b = new byte[length];
            r.nextBytes(b);
            b[0] = (byte) 0xC7;
            b[1] = (byte) (reply ? 0x5B : 0x5A);
            b[2] = (byte) (length - 3);
            return b;
        });
    }

    /** Requests and replies of the same sizes and timing for both protocols: only the bytes tell them apart. */
    private static FlowSample exchanges(Random r, java.util.function.BiFunction<Integer, Boolean, byte[]> message) {
        List<Segment> s = new ArrayList<>();
        long t = 1_000_000;
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
            s.add(segment(Direction.A_TO_B, t += 500 + r.nextInt(20_000), message.apply(12 + r.nextInt(40), false)));
            s.add(segment(Direction.B_TO_A, t += 100 + r.nextInt(2_000), message.apply(12 + r.nextInt(40), true)));
        }
        return flow(Transport.TCP, 41_000 + r.nextInt(1000), 47_123, s);
    }

    /** A flow of random bytes both ways, on random unassigned ports. */
    static FlowSample random(Random r) {
        List<Segment> s = new ArrayList<>();
        long t = 1_000;
        for (int i = 1 + r.nextInt(6); i > 0; i--) {
            byte[] b = new byte[1 + r.nextInt(200)];
            r.nextBytes(b);
            s.add(segment(r.nextBoolean() ? Direction.A_TO_B : Direction.B_TO_A, t += r.nextInt(1_000_000), b));
        }
        return flow(r.nextBoolean() ? Transport.TCP : Transport.UDP, 30_000 + r.nextInt(1000), 31_000 + r.nextInt(1000), s);
    }

    static Segment segment(Direction d, long t, byte[] payload) {
        return new Segment(d, t, payload.length + 40, payload);
    }

    static FlowSample flow(Transport l4, int clientPort, int serverPort, List<Segment> segments) {
        try {
            return new FlowSample(l4, new Endpoint(InetAddress.getByName("10.0.0.1"), clientPort),
                    new Endpoint(InetAddress.getByName("10.0.0.2"), serverPort), -1, segments, segments.size());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The flow with the byte at {@code offset} of a direction's stream complemented. */
    static FlowSample complemented(FlowSample flow, Direction direction, int offset) {
        List<Segment> out = new ArrayList<>();
        int at = 0;
        for (Segment s : flow.segments()) {
            byte[] p = s.payload().clone();
            if (s.direction() == direction) {
                if (offset >= at && offset < at + p.length) p[offset - at] = (byte) ~p[offset - at];
                at += p.length;
            }
            out.add(new Segment(s.direction(), s.timestampMicros(), s.wireLength(), p));
        }
        return new FlowSample(flow.l4(), flow.a(), flow.b(), flow.vlan(), out, flow.packets());
    }
}
