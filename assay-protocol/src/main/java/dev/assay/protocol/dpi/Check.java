package dev.assay.protocol.dpi;

import java.util.List;
import java.util.Objects;

/**
 * One structural check that passed: what it established, how specific it is (about how many
 * bits of chance agreement it rules out, the basis of the confidence) and the bytes it read
 * (empty for a check on the flow's ports alone).
 */
public record Check(String name, double bits, List<ByteRange> reads) {
    public Check {
        Objects.requireNonNull(name, "name");
        if (!(bits >= 0)) throw new IllegalArgumentException("bits must be non-negative: " + bits);
        reads = List.copyOf(reads);
    }
}
