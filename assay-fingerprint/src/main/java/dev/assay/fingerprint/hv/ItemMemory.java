package dev.assay.fingerprint.hv;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The random vector of each symbol (an n-gram, a probe id, a tool name, ...), derived from SHA-256 so that it
 * is the same in every JVM and on every machine, with no table to ship: the vector's bytes are the
 * concatenated digests {@code SHA-256("assay.hv.v1" 0x00 seed 0x00 symbol 0x00 counter)}, counter a 32-bit
 * big-endian block number from 0, read as little-endian longs. Different seeds give independent memories.
 */
public final class ItemMemory {
    private static final byte[] DOMAIN = "assay.hv.v1".getBytes(StandardCharsets.UTF_8);

    private final int dimension;
    private final byte[] seed;

    /** A memory of vectors of {@code dimension} bits (a positive multiple of 64) under {@code seed}. */
    public ItemMemory(int dimension, String seed) {
        Hypervector.wordsFor(dimension);
        this.dimension = dimension;
        this.seed = Objects.requireNonNull(seed, "seed").getBytes(StandardCharsets.UTF_8);
    }

    /** Number of bits of the vectors. */
    public int dimension() {
        return dimension;
    }

    /** The vector of {@code symbol}: a pure function of the seed, the symbol and the dimension's prefix. */
    public Hypervector vector(String symbol) {
        return vector(symbol.getBytes(StandardCharsets.UTF_8));
    }

    /** The vector of a symbol given as bytes. */
    public Hypervector vector(byte[] symbol) {
        MessageDigest sha = sha256();
        long[] words = new long[dimension / 64];
        byte[] block = new byte[32];
        int word = 0;
        for (int counter = 0; word < words.length; counter++) {
            sha.update(DOMAIN);
            sha.update((byte) 0);
            sha.update(seed);
            sha.update((byte) 0);
            sha.update(symbol);
            sha.update((byte) 0);
            sha.update((byte) (counter >>> 24));
            sha.update((byte) (counter >>> 16));
            sha.update((byte) (counter >>> 8));
            sha.update((byte) counter);
            try {
                sha.digest(block, 0, 32);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException("SHA-256 digest failed", e);
            }
            for (int i = 0; i < 4 && word < words.length; i++, word++) {
                long w = 0;
                for (int b = 7; b >= 0; b--) {
                    w = (w << 8) | (block[i * 8 + b] & 0xffL);
                }
                words[word] = w;
            }
        }
        return Hypervector.wrap(words);
    }

    /**
     * The memory's tie-break vector for {@link Bundler}: the vector of the single byte 0xFF, which is not the
     * UTF-8 encoding of any text symbol, so it is unrelated to every symbol's vector.
     */
    public Hypervector tieBreak() {
        return vector(new byte[] {(byte) 0xff});
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
