package dev.assay.fingerprint.distributed;

import dev.assay.core.Hashing;
import dev.assay.core.tlog.Merkle;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.Features;
import dev.assay.fingerprint.signature.Signature;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A signature holding given counters and nothing else (feature sums zero, no sources, sample limit 0), written
 * in the signature format version 1 ({@code SignatureFormat}) and read back with {@link Signature#fromBytes}, which
 * checks every counter against its response count. The signature package has no public factory from counters,
 * so this writes the documented format; the golden-file test of that format pins it.
 */
final class CounterSignatures {
    private static final byte[] MAGIC = {'A', 'S', 'F', 'P'};
    private static final int VERSION = 1;

    private CounterSignatures() {}

    /** The signature of model {@code modelId} with exactly {@code counters}; {@code source} names it in errors. */
    static Signature of(String modelId, SignatureCounters counters, String source) {
        EncoderConfig c = counters.config();
        var bytes = new ByteArrayOutputStream(1 << 14);
        try (var out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeShort(VERSION);
            str(out, modelId);
            out.writeInt(c.dimension());
            str(out, c.seed());
            out.writeByte(c.ngram());
            out.writeInt(c.maxTextBytes());
            str(out, c.hash());
            out.writeInt(0);
            out.writeInt(counters.probeIds().size());
            List<byte[]> leafHashes = new ArrayList<>();
            for (String id : counters.probeIds()) {
                byte[] leaf = leaf(id, counters.block(id), c.dimension());
                leafHashes.add(Merkle.leafHash(leaf));
                out.write(leaf);
            }
            out.writeInt(0);
            out.writeInt(0);
            out.write(Merkle.root(leafHashes, leafHashes.size()));
            out.flush();
            out.write(HexFormat.of().parseHex(Hashing.sha256Hex(bytes.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Signature.fromBytes(bytes.toByteArray(), source);
    }

    private static byte[] leaf(String id, long[] block, int d) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            str(out, id);
            counters(out, block[0], block, 2, d);
            counters(out, block[0], block, 2 + d, d);
            counters(out, block[1], block, 2 + 2 * d, d);
            out.writeByte(Features.COUNT);
            for (int f = 0; f < Features.COUNT; f++) {
                out.writeLong(0);
                out.writeShort(1);
                out.writeByte(0);
            }
        }
        return bytes.toByteArray();
    }

    /** u64 count | u8 planes | planes x (d / 64) x i64 words, plane p holding bit p of every position's count. */
    private static void counters(DataOutputStream out, long count, long[] block, int from, int d) throws IOException {
        long max = 0;
        for (int i = 0; i < d; i++) max = Math.max(max, block[from + i]);
        int planes = 64 - Long.numberOfLeadingZeros(max);
        out.writeLong(count);
        out.writeByte(planes);
        for (int p = 0; p < planes; p++) {
            for (int w = 0; w < d / 64; w++) {
                long word = 0;
                for (int b = 0; b < 64; b++) word |= (block[from + w * 64 + b] >>> p & 1L) << b;
                out.writeLong(word);
            }
        }
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
