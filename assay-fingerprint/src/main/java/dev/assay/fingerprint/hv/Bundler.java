package dev.assay.fingerprint.hv;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Bundling: the bitwise majority of the vectors added, kept as bit-sliced counters (plane p holds bit p of
 * every position's count, so adding a vector is a ripple-carry over the planes, 64 positions per operation).
 * The counts are exact, so {@link #merge} of two bundlers equals the bundler of all their vectors, in any order.
 * A position set in more than half the vectors is set; in exactly half (an even number of vectors) the
 * tie-break vector's bit decides, so the result is a deterministic function of the multiset of vectors.
 */
public final class Bundler {
    private final int words;
    private final Hypervector tieBreak;
    private final List<long[]> planes = new ArrayList<>();
    private long count;
    /**
     * Vectors added but not yet folded into {@link #planes}: their counts (0 to {@link #BATCH}) in four small planes,
     * so that an add is a fixed, branch-free four-plane carry chain and the long ripple into the main planes happens
     * once per batch. Every method but {@link #addWords} folds them in first.
     */
    private long[] low0;
    private long[] low1;
    private long[] low2;
    private long[] low3;
    private int pending;
    private static final int BATCH = 15;

    /** An empty bundler of vectors like {@code tieBreak}, which settles exact ties (e.g. {@link ItemMemory#tieBreak()}). */
    public Bundler(Hypervector tieBreak) {
        this.tieBreak = Objects.requireNonNull(tieBreak, "tieBreak");
        this.words = tieBreak.dimension() / 64;
    }

    /** Number of vectors added (merged ones included). */
    public long count() {
        return count;
    }

    /** Number of bits of the vectors. */
    public int dimension() {
        return words * 64;
    }

    /** Adds one vector. */
    public Bundler add(Hypervector v) {
        if (v.dimension() != dimension()) {
            throw new IllegalArgumentException("dimensions differ: " + dimension() + " and " + v.dimension());
        }
        return addWords(v.raw());
    }

    /** Adds the vector whose words are {@code bits} (as many as this bundler's; read, not kept). */
    Bundler addWords(long[] bits) {
        if (low0 == null) {
            low0 = new long[words];
            low1 = new long[words];
            low2 = new long[words];
            low3 = new long[words];
        }
        long[] l0 = low0;
        long[] l1 = low1;
        long[] l2 = low2;
        long[] l3 = low3;
        for (int w = 0; w < words; w++) {
            long c = bits[w];
            long a = l0[w];
            l0[w] = a ^ c;
            c &= a;
            a = l1[w];
            l1[w] = a ^ c;
            c &= a;
            a = l2[w];
            l2[w] = a ^ c;
            c &= a;
            l3[w] ^= c;
        }
        count++;
        if (++pending == BATCH) {
            flush();
        }
        return this;
    }

    /** Folds the pending small counts into the main planes. */
    private void flush() {
        if (pending == 0) {
            return;
        }
        long[][] low = {low0, low1, low2, low3};
        for (int q = 0; q < 4; q++) {
            long[] carry = low[q];
            for (int p = q; ; p++) {
                if (p == planes.size()) {
                    planes.add(new long[words]);
                }
                long[] plane = planes.get(p);
                long any = 0;
                for (int w = 0; w < words; w++) {
                    long c = carry[w];
                    long next = plane[w] & c;
                    plane[w] ^= c;
                    carry[w] = next;
                    any |= next;
                }
                if (any == 0) {
                    break;
                }
            }
            // carry[] is all zero now: the small plane is cleared for the next batch
        }
        while (!planes.isEmpty() && isZero(planes.get(planes.size() - 1))) {
            planes.remove(planes.size() - 1);
        }
        pending = 0;
    }

    /**
     * Removes one vector added before: the count of every position where {@code v} is set goes down by one (a
     * ripple borrow over the planes), and {@link #count()} by one. Refused with an {@link IllegalArgumentException},
     * the bundler left unchanged, when {@code v} cannot be one of the vectors added: none is left, {@code v} is set
     * where no vector added is, or {@code v} is clear where every vector added is set. Cost as {@link #add}, plus
     * one pass over the planes for the check.
     */
    public Bundler remove(Hypervector v) {
        flush();
        if (v.dimension() != dimension()) {
            throw new IllegalArgumentException("dimensions differ: " + dimension() + " and " + v.dimension());
        }
        if (count == 0) {
            throw new IllegalArgumentException("cannot remove a vector from an empty bundler");
        }
        long[] bits = v.raw();
        int height = planes.size();
        boolean countFitsPlanes = height >= 64 || count >>> height == 0;
        for (int w = 0; w < words; w++) {
            long nonzero = 0;
            long full = countFitsPlanes ? -1L : 0;
            for (int p = 0; p < height; p++) {
                long c = planes.get(p)[w];
                nonzero |= c;
                full &= (count >>> p & 1L) != 0 ? c : ~c;
            }
            long negative = bits[w] & ~nonzero;
            if (negative != 0) {
                throw new IllegalArgumentException("cannot remove a vector that was not added: it has bit "
                        + (w * 64 + Long.numberOfTrailingZeros(negative)) + " set, which no vector in the bundle has");
            }
            long excess = full & ~bits[w];
            if (excess != 0) {
                throw new IllegalArgumentException("cannot remove a vector that was not added: it has bit "
                        + (w * 64 + Long.numberOfTrailingZeros(excess)) + " clear, which every vector in the bundle has set");
            }
        }
        for (int w = 0; w < words; w++) {
            long borrow = bits[w];
            for (int p = 0; borrow != 0; p++) {
                long[] plane = planes.get(p);
                long next = borrow & ~plane[w];
                plane[w] ^= borrow;
                borrow = next;
            }
        }
        while (!planes.isEmpty() && isZero(planes.get(planes.size() - 1))) {
            planes.remove(planes.size() - 1);
        }
        count--;
        return this;
    }

    private static boolean isZero(long[] plane) {
        for (long x : plane) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** Adds every count of {@code other} (same dimension and tie-break) to this one: the bundle of both sets of vectors. */
    public Bundler merge(Bundler other) {
        flush();
        other.flush();
        if (other.words != words || !other.tieBreak.equals(tieBreak)) {
            throw new IllegalArgumentException("bundlers differ in dimension or tie-break vector");
        }
        for (int w = 0; w < words; w++) {
            long carry = 0;
            int p = 0;
            for (; p < other.planes.size() || carry != 0; p++) {
                if (p == planes.size()) {
                    planes.add(new long[words]);
                }
                long a = planes.get(p)[w];
                long b = p < other.planes.size() ? other.planes.get(p)[w] : 0;
                long sum = a ^ b ^ carry;
                carry = (a & b) | (carry & (a ^ b));
                planes.get(p)[w] = sum;
            }
        }
        count += other.count;
        return this;
    }

    /** The count of position {@code i}: how many of the vectors added have bit i set. */
    public long countAt(int i) {
        flush();
        java.util.Objects.checkIndex(i, dimension());
        long c = 0;
        for (int p = planes.size() - 1; p >= 0; p--) {
            c = (c << 1) | (planes.get(p)[i >>> 6] >>> (i & 63) & 1L);
        }
        return c;
    }

    /** Every position's count, {@code counts()[i] == countAt(i)}. */
    public long[] counts() {
        flush();
        long[] c = new long[dimension()];
        for (int p = 0; p < planes.size(); p++) {
            long[] plane = planes.get(p);
            for (int w = 0; w < words; w++) {
                long bits = plane[w];
                while (bits != 0) {
                    c[w * 64 + Long.numberOfTrailingZeros(bits)] += 1L << p;
                    bits &= bits - 1;
                }
            }
        }
        return c;
    }

    /** Number of bit planes of the counters: plane p holds bit p of every position's count. */
    public int planeCount() {
        flush();
        return planes.size();
    }

    /** Plane {@code p} of the counters, a copy: bit i of word i/64 is bit p of position i's count. */
    public long[] plane(int p) {
        flush();
        return planes.get(p).clone();
    }

    /**
     * A bundler with the given counters (as {@link #plane} returns them) over {@code count} vectors; refuses planes
     * of the wrong length and counts that exceed {@code count}, so a bundler read from a file is a possible one.
     */
    public static Bundler ofPlanes(Hypervector tieBreak, long count, java.util.List<long[]> planes) {
        Bundler b = new Bundler(tieBreak);
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, but was " + count);
        }
        for (long[] plane : planes) {
            if (plane.length != b.words) {
                throw new IllegalArgumentException("a plane has " + plane.length + " words, expected " + b.words);
            }
            b.planes.add(plane.clone());
        }
        while (!b.planes.isEmpty() && isZero(b.planes.get(b.planes.size() - 1))) {
            b.planes.remove(b.planes.size() - 1);
        }
        b.count = count;
        if (b.planes.size() > 63 || (!b.planes.isEmpty() && count < (1L << (b.planes.size() - 1)))) {
            throw new IllegalArgumentException("the counters exceed the number of vectors, " + count);
        }
        for (int i = 0; i < b.dimension(); i++) {
            if (b.countAt(i) > count) {
                throw new IllegalArgumentException("position " + i + " counts " + b.countAt(i) + " of " + count + " vectors");
            }
        }
        return b;
    }

    /** A bundler over {@code count} vectors whose positions have the given counts (each 0 to {@code count}). */
    public static Bundler ofCounts(Hypervector tieBreak, long count, long[] counts) {
        int words = tieBreak.dimension() / 64;
        if (counts.length != tieBreak.dimension()) {
            throw new IllegalArgumentException("expected " + tieBreak.dimension() + " counts, but got " + counts.length);
        }
        long max = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("a count is negative: " + c);
            }
            max = Math.max(max, c);
        }
        java.util.List<long[]> planes = new ArrayList<>();
        for (int p = 0; p < 64 - Long.numberOfLeadingZeros(max); p++) {
            long[] plane = new long[words];
            for (int i = 0; i < counts.length; i++) {
                plane[i >>> 6] |= (counts[i] >>> p & 1L) << (i & 63);
            }
            planes.add(plane);
        }
        return ofPlanes(tieBreak, count, planes);
    }

    /** The tie-break vector. */
    public Hypervector tieBreak() {
        return tieBreak;
    }

    /**
     * The majority vector: bit i set when more than half of the {@link #count()} vectors have it, the tie-break's
     * bit when exactly half do. With no vector added, the tie-break vector itself.
     */
    public Hypervector majority() {
        flush();
        long half = count / 2;
        boolean even = count % 2 == 0;
        int bitsOfHalf = 64 - Long.numberOfLeadingZeros(half);
        int height = Math.max(planes.size(), bitsOfHalf);
        long[] tie = tieBreak.words();
        long[] out = new long[words];
        for (int w = 0; w < words; w++) {
            long greater = 0;
            long equal = -1L;
            for (int p = height - 1; p >= 0; p--) {
                long c = p < planes.size() ? planes.get(p)[w] : 0;
                if ((half >>> p & 1L) != 0) {
                    equal &= c;
                } else {
                    greater |= equal & c;
                    equal &= ~c;
                }
            }
            out[w] = greater | (even ? equal & tie[w] : 0);
        }
        return Hypervector.wrap(out);
    }
}
