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
 *
 * <p>In {@linkplain #distinct(ItemMemory, int) distinct} mode each n-gram counts once however often it occurs
 * (the bundle of the text's set of n-grams): a phrase a model repeats does not outvote the rest of its style.
 * Fingerprints use this mode; it told models apart better on real agent traces (see DECISIONS.md).
 */
public final class TextEncoder {
    private final ItemMemory memory;
    private final int n;
    private final boolean distinct;
    /** permuted[k][b]: byte b's item vector permuted by k, for k < n. */
    private final long[][][] permuted;

    /** An encoder of byte {@code n}-grams (1 to 16) over {@code memory}. */
    public TextEncoder(ItemMemory memory, int n) {
        this(memory, n, false);
    }

    /** An encoder of the distinct byte {@code n}-grams (1 to 8) of a text: each counts once. */
    public static TextEncoder distinct(ItemMemory memory, int n) {
        if (n < 1 || n > 8) {
            throw new IllegalArgumentException("distinct n-gram length must be 1 to 8, but was " + n);
        }
        return new TextEncoder(memory, n, true);
    }

    private TextEncoder(ItemMemory memory, int n, boolean distinct) {
        this.memory = Objects.requireNonNull(memory, "memory");
        if (n < 1 || n > 16) {
            throw new IllegalArgumentException("n-gram length must be 1 to 16, but was " + n);
        }
        this.n = n;
        this.distinct = distinct;
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

    /** Whether each n-gram counts once ({@link #distinct}) or as often as it occurs. */
    public boolean isDistinct() {
        return distinct;
    }

    /** The vector of {@code bytes}: the majority of its n-grams' vectors. */
    public Hypervector encode(byte[] bytes) {
        return encode(bytes, bytes.length);
    }

    /** The vector of the first {@code length} bytes of {@code bytes}. */
    public Hypervector encode(byte[] bytes, int length) {
        Objects.checkFromIndexSize(0, length, bytes.length);
        Bundler bundler = new Bundler(memory.tieBreak());
        if (length == 0) {
            return bundler.majority();
        }
        int grams = Math.max(1, length - n + 1);
        int len = Math.min(n, length);
        int words = memory.dimension() / 64;
        long[] gram = new long[words];
        LongSet seen = distinct ? new LongSet(Math.min(grams, 1 << 16)) : null;
        for (int start = 0; start < grams; start++) {
            if (seen != null) {
                long key = 0;
                for (int j = 0; j < len; j++) {
                    key = key << 8 | (bytes[start + j] & 0xff);
                }
                if (!seen.add(key)) {
                    continue;
                }
            }
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

    /** An open-addressing set of longs (the n-grams packed into a key, so keys are exact for n <= 8). */
    private static final class LongSet {
        private long[] keys;
        private boolean[] used;
        private int size;

        LongSet(int expected) {
            int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            keys = new long[cap];
            used = new boolean[cap];
        }

        /** Adds {@code key}; false when it was there already. */
        boolean add(long key) {
            if (size * 2 >= keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int i = (int) (mix(key) & mask);
            while (used[i]) {
                if (keys[i] == key) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            used[i] = true;
            keys[i] = key;
            size++;
            return true;
        }

        private void grow() {
            long[] oldKeys = keys;
            boolean[] oldUsed = used;
            keys = new long[oldKeys.length * 2];
            used = new boolean[oldKeys.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldUsed[i]) {
                    add(oldKeys[i]);
                }
            }
        }

        private static long mix(long k) {
            k *= 0x9E3779B97F4A7C15L;
            return k ^ (k >>> 29);
        }
    }
}
