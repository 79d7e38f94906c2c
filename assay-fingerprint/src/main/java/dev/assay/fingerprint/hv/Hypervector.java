package dev.assay.fingerprint.hv;

import java.util.Arrays;
import java.util.Objects;

/**
 * A binary hypervector of {@code dimension} bits (a positive multiple of 64), packed into longs: bit i is
 * bit {@code i % 64} of word {@code i / 64}. Immutable. Binding is XOR (its own inverse), permutation a
 * cyclic rotation of the bits, similarity one minus the normalized Hamming distance; bundling (the
 * majority of many vectors) is {@link Bundler}'s.
 */
public final class Hypervector {
    private final long[] words;

    private Hypervector(long[] words) {
        this.words = words;
    }

    /** The all-zero vector of {@code dimension} bits. */
    public static Hypervector zeros(int dimension) {
        return new Hypervector(new long[wordsFor(dimension)]);
    }

    /** A vector over a copy of {@code words} (dimension 64 x their number). */
    public static Hypervector ofWords(long[] words) {
        if (words.length == 0) {
            throw new IllegalArgumentException("a hypervector needs at least one 64-bit word");
        }
        return new Hypervector(words.clone());
    }

    /** Words owned by the caller, not copied (package use by the builders). */
    static Hypervector wrap(long[] words) {
        return new Hypervector(words);
    }

    /** The number of 64-bit words of a vector of {@code dimension} bits; an error unless it is a positive multiple of 64. */
    public static int wordsFor(int dimension) {
        if (dimension <= 0 || dimension % 64 != 0) {
            throw new IllegalArgumentException("a hypervector's dimension must be a positive multiple of 64, but was " + dimension);
        }
        return dimension / 64;
    }

    /** Number of bits. */
    public int dimension() {
        return words.length * 64;
    }

    /** Bit {@code i}. */
    public boolean get(int i) {
        Objects.checkIndex(i, dimension());
        return (words[i >>> 6] >>> (i & 63) & 1L) != 0;
    }

    /** Number of set bits. */
    public int bitCount() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** The words themselves, not copied (package use: readers must not change them). */
    long[] raw() {
        return words;
    }

    /** A copy of the words. */
    public long[] words() {
        return words.clone();
    }

    /** Binding: bitwise XOR. Commutative, associative, its own inverse ({@code a.bind(b).bind(b) == a}). */
    public Hypervector bind(Hypervector other) {
        requireSameDimension(other);
        long[] out = new long[words.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = words[i] ^ other.words[i];
        }
        return new Hypervector(out);
    }

    /**
     * Permutation: the bits rotated cyclically by {@code k} positions towards higher indices (bit i moves to
     * {@code (i + k) mod dimension}); {@code permute(-k)} undoes it, and it distributes over {@link #bind}.
     */
    public Hypervector permute(int k) {
        int d = dimension();
        int shift = Math.floorMod(k, d);
        if (shift == 0) {
            return this;
        }
        int wordShift = shift >>> 6;
        int bitShift = shift & 63;
        int n = words.length;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long low = words[Math.floorMod(i - wordShift, n)];
            if (bitShift == 0) {
                out[i] = low;
            } else {
                long lower = words[Math.floorMod(i - wordShift - 1, n)];
                out[i] = (low << bitShift) | (lower >>> (64 - bitShift));
            }
        }
        return new Hypervector(out);
    }

    /** Number of bits in which the two vectors differ. */
    public int hamming(Hypervector other) {
        requireSameDimension(other);
        int n = 0;
        for (int i = 0; i < words.length; i++) {
            n += Long.bitCount(words[i] ^ other.words[i]);
        }
        return n;
    }

    /** 1 - hamming / dimension: 1 for equal vectors, about 0.5 for unrelated random ones, 0 for complements. */
    public double similarity(Hypervector other) {
        return 1.0 - (double) hamming(other) / dimension();
    }

    private void requireSameDimension(Hypervector other) {
        if (other.words.length != words.length) {
            throw new IllegalArgumentException("dimensions differ: " + dimension() + " and " + other.dimension());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hypervector h && Arrays.equals(words, h.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "Hypervector[" + dimension() + " bits, " + bitCount() + " set]";
    }
}
