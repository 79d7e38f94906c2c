package dev.assay.flink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A piece of a merged {@link PartialSignature}, so that no record the driver collects exceeds Flink's collect
 * batch limit (2 MiB by default) or RPC frame size, whatever the signature's size: piece {@code index} of
 * {@code count}, its bytes, and the per-file counts (on every piece; they are small).
 */
public record SignatureChunk(String model, int index, int count, byte[] bytes, long[] fileCounts) {
    /** Largest piece: 1 MiB. */
    static final int MAX_BYTES = 1 << 20;

    /** {@code p} cut into pieces of at most {@code maxBytes} bytes (one piece for an empty signature). */
    static List<SignatureChunk> split(PartialSignature p, int maxBytes) {
        byte[] all = p.signature();
        int count = Math.max(1, (all.length + maxBytes - 1) / maxBytes);
        List<SignatureChunk> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * maxBytes;
            out.add(new SignatureChunk(p.model(), i, count, Arrays.copyOfRange(all, from, Math.min(all.length, from + maxBytes)), p.fileCounts()));
        }
        return out;
    }

    /** The partial signature whose pieces these are (all of them, any order, one model). */
    static PartialSignature join(List<SignatureChunk> pieces) {
        SignatureChunk first = pieces.get(0);
        if (pieces.size() != first.count) {
            throw new IllegalStateException("model " + first.model + ": " + pieces.size() + " of " + first.count + " pieces collected");
        }
        SignatureChunk[] ordered = new SignatureChunk[first.count];
        int length = 0;
        for (SignatureChunk c : pieces) {
            if (!c.model.equals(first.model) || c.count != first.count || ordered[c.index] != null) {
                throw new IllegalStateException("pieces of model " + first.model + " do not fit together");
            }
            ordered[c.index] = c;
            length += c.bytes.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (SignatureChunk c : ordered) {
            System.arraycopy(c.bytes, 0, all, at, c.bytes.length);
            at += c.bytes.length;
        }
        return new PartialSignature(first.model, all, first.fileCounts);
    }
}
