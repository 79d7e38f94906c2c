package dev.assay.fingerprint.signature;

import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.Features;
import dev.assay.fingerprint.hv.Hypervector;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An encoded response with its bytes in the signature format and their SHA-256: ordered by that hash (then by
 * the bytes), so "the k lowest" is a uniform sample of the responses that merges exactly (bottom-k sketch).
 */
record SampledResponse(EncodedResponse response, byte[] bytes, byte[] hash) implements Comparable<SampledResponse> {
    static SampledResponse of(EncodedResponse r) {
        byte[] b = encode(r);
        return new SampledResponse(r, b, sha256(b));
    }

    /** The {@code limit} lowest of {@code entries}, in order. */
    static List<SampledResponse> bottom(List<SampledResponse> entries, int limit) {
        List<SampledResponse> sorted = new ArrayList<>(entries);
        Collections.sort(sorted);
        return List.copyOf(sorted.subList(0, Math.min(limit, sorted.size())));
    }

    @Override
    public int compareTo(SampledResponse o) {
        int c = Arrays.compareUnsigned(hash, o.hash);
        return c != 0 ? c : Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampledResponse s && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    /**
     * str probe id | text words | structure words | u8 flags (1 vector, 2 log-probabilities) [+ vector words]
     * [+ log-probability words] | features as i64.
     */
    static byte[] encode(EncodedResponse r) {
        var bytes = new ByteArrayOutputStream(3 * r.dimension() / 8 + 128);
        try (var out = new DataOutputStream(bytes)) {
            byte[] id = r.probeId().getBytes(StandardCharsets.UTF_8);
            out.writeInt(id.length);
            out.write(id);
            words(out, r.text());
            words(out, r.structure());
            out.writeByte((r.vector() == null ? 0 : 1) | (r.logprob() == null ? 0 : 2));
            if (r.vector() != null) words(out, r.vector());
            if (r.logprob() != null) words(out, r.logprob());
            for (long f : r.features()) out.writeLong(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void words(DataOutputStream out, Hypervector v) throws IOException {
        for (long w : v.words()) out.writeLong(w);
    }

    /** Reads one response written by {@link #encode}; {@code in} positioned at it. */
    static EncodedResponse decode(java.nio.ByteBuffer in, int dimension) {
        int len = in.getInt();
        if (len < 0 || len > in.remaining()) throw new java.nio.BufferUnderflowException();
        byte[] id = new byte[len];
        in.get(id);
        Hypervector text = words(in, dimension);
        Hypervector structure = words(in, dimension);
        int flags = Byte.toUnsignedInt(in.get());
        if (flags > 3) throw new IllegalArgumentException("a sampled response's flags are " + flags);
        Hypervector vector = (flags & 1) != 0 ? words(in, dimension) : null;
        Hypervector logprob = (flags & 2) != 0 ? words(in, dimension) : null;
        long[] f = new long[Features.COUNT];
        for (int i = 0; i < f.length; i++) f[i] = in.getLong();
        return new EncodedResponse(new String(id, StandardCharsets.UTF_8), text, structure, vector, logprob, f);
    }

    private static Hypervector words(java.nio.ByteBuffer in, int dimension) {
        long[] w = new long[dimension / 64];
        for (int i = 0; i < w.length; i++) w[i] = in.getLong();
        return Hypervector.ofWords(w);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
