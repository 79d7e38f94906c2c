package dev.assay.protocol.dpi;

import dev.assay.protocol.flow.Direction;
import java.util.Objects;

/**
 * Bytes a check read: {@code length} bytes from {@code offset} in the payload stream of one
 * direction ({@link dev.assay.protocol.flow.FlowSample#stream}: that direction's segment
 * payloads concatenated in order, so for datagrams the offset counts the earlier datagrams' bytes).
 */
public record ByteRange(Direction direction, int offset, int length) {
    public ByteRange {
        Objects.requireNonNull(direction, "direction");
        if (offset < 0 || length < 0) throw new IllegalArgumentException("negative range " + offset + "+" + length);
    }
}
