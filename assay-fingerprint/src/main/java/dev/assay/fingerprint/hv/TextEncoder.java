package dev.assay.fingerprint.hv;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Encodes text as the bundle of its byte n-grams: the n-gram {@code b0 b1 .. b(n-1)} is
 * {@code permute(v(b0), n-1) xor permute(v(b1), n-2) xor .. xor v(b(n-1))}, v a byte's item vector, so
 * the vector keeps the order inside each n-gram and texts that share many n-grams get similar vectors.
 * A text shorter than n is one n-gram of its bytes; the empty text is the memory's tie-break vector (an
 * empty bundle). {@link #encodeResponse} binds a response's vector to its probe's, so responses to
 * different probes are unrelated however alike their texts.
 */
public final class TextEncoder {
    private final ItemMemory memory;
    private final int n;
    /** permuted[k][b]: byte b's item vector permuted by k, for k < n. */
    private final long[][][] permuted;

    /** An encoder of byte {@code n}-grams (1 to 16) over {@code memory}. */
    public TextEncoder(ItemMemory memory, int n) {
        this.memory = Objects.requireNonNull(memory, "memory");
        if (n < 1 || n > 16) {
            throw new IllegalArgumentException("n-gram length must be 1 to 16, but was " + n);
        }
        this.n = n;
        this.permuted = new long[n][256][];
        for (int b = 0; b < 256; b++) {
            Hypervector v = memory.vector("byte:" + b);
            for (int k = 0; k < n; k++) {
                permuted[k][b] = v.permute(k).words();
            }
        }
    }

    /** The n-gram length. */
    public int n() {
        return n;
    }

    /** The vector of {@code text}, as its UTF-8 bytes. */
    public Hypervector encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The vector of {@code bytes}: the majority of its n-grams' vectors. */
    public Hypervector encode(byte[] bytes) {
        Bundler bundler = new Bundler(memory.tieBreak());
        if (bytes.length == 0) {
            return bundler.majority();
        }
        int grams = Math.max(1, bytes.length - n + 1);
        int len = Math.min(n, bytes.length);
        int words = memory.dimension() / 64;
        long[] gram = new long[words];
        for (int start = 0; start < grams; start++) {
            java.util.Arrays.fill(gram, 0L);
            for (int j = 0; j < len; j++) {
                long[] v = permuted[len - 1 - j][bytes[start + j] & 0xff];
                for (int w = 0; w < words; w++) {
                    gram[w] ^= v[w];
                }
            }
            bundler.addWords(gram);
        }
        return bundler.majority();
    }

    /** A response's vector bound to its probe: {@code encode(text) xor v("probe:" + probeId)}. */
    public Hypervector encodeResponse(String probeId, String text) {
        return encode(text).bind(memory.vector("probe:" + Objects.requireNonNull(probeId, "probeId")));
    }
}
