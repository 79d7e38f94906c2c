package dev.assay.protocol.flow;

import java.util.List;
import java.util.Objects;

/**
 * What a classifier sees of one bidirectional flow: its two ends ({@code a} opened it, as far as
 * the capture tells), its transport, the VLAN id (-1 without), the first segments in capture
 * order (payload-less TCP segments left out), and how many packets the flow had in all.
 */
public record FlowSample(Transport l4, Endpoint a, Endpoint b, int vlan, List<Segment> segments, long packets) {
    public FlowSample {
        Objects.requireNonNull(l4, "l4");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        segments = List.copyOf(segments);
        if (packets < segments.size()) throw new IllegalArgumentException("packets " + packets + " below segments " + segments.size());
    }

    /** A single payload as a one-packet flow (the design's {@code DiscoveryRequest} with bytes). */
    public static FlowSample ofPayload(Transport l4, Endpoint a, Endpoint b, byte[] payload) {
        return new FlowSample(l4, a, b, -1, List.of(new Segment(Direction.A_TO_B, 0, payload.length, payload)), 1);
    }

    /** The payload bytes of one direction concatenated, at most {@code limit} of them. */
    public byte[] stream(Direction direction, int limit) {
        int size = 0;
        for (Segment s : segments) {
            if (size >= limit) break;
            if (s.direction() == direction) size += Math.min(s.payload().length, limit - size);
        }
        byte[] out = new byte[size];
        int at = 0;
        for (Segment s : segments) {
            if (at >= size) break;
            if (s.direction() != direction) continue;
            int n = Math.min(s.payload().length, size - at);
            System.arraycopy(s.payload(), 0, out, at, n);
            at += n;
        }
        return out;
    }
}
