package dev.assay.protocol.flow;

import java.util.Objects;

/**
 * One packet's payload in a flow (after IP reassembly; for TCP, in sequence order), with its
 * direction, capture time and the size of the whole IP packet on the wire.
 */
public record Segment(Direction direction, long timestampMicros, int wireLength, byte[] payload) {
    public Segment {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(payload, "payload");
        if (wireLength < payload.length) throw new IllegalArgumentException("wire length " + wireLength + " below payload length " + payload.length);
    }
}
