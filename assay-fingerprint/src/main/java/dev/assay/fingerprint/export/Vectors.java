package dev.assay.fingerprint.export;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.hv.Hypervector;
import java.util.List;

/**
 * The arithmetic a package shares between export and scoring. A prototype of {@code bits} b per position holds
 * level q = round(c / n * L), L = 2^b - 1, of each position's count c out of n responses (for b = 1 the majority
 * bit, exact ties settled by the tie-break vector, as {@code Bundler.majority()}), read back as the mean
 * 2q / L - 1 in +-1 form. Packed positions occupy bits [i b, (i + 1) b) of a little-endian bit stream (bit j is
 * bit j mod 8 of byte j / 8), so a 1-bit prototype and a hypervector prefix have the same bytes.
 */
final class Vectors {
    private Vectors() {}

    /** The levels of the first {@code d} counts out of {@code n}. */
    static int[] quantize(long[] counts, long n, int d, int bits, Hypervector tieBreak) {
        long top = (1L << bits) - 1;
        int[] q = new int[d];
        for (int i = 0; i < d; i++) {
            long c = counts[i];
            if (bits == 1) {
                q[i] = 2 * c > n ? 1 : 2 * c < n ? 0 : tieBreak.get(i) ? 1 : 0;
            } else {
                q[i] = (int) ((2 * c * top + n) / (2 * n));
            }
        }
        return q;
    }

    /** The prototype as a unit vector of means in +-1 form. */
    static double[] unitMeans(int[] levels, int bits) {
        double top = (1 << bits) - 1;
        double[] m = new double[levels.length];
        for (int i = 0; i < m.length; i++) m[i] = 2 * levels[i] / top - 1;
        return unit(m);
    }

    static byte[] pack(int[] levels, int bits) {
        byte[] out = new byte[(int) (((long) levels.length * bits + 7) / 8)];
        for (int i = 0; i < levels.length; i++) {
            long at = (long) i * bits;
            for (int j = 0; j < bits; j++) {
                if ((levels[i] >>> j & 1) != 0) out[(int) ((at + j) >>> 3)] |= (byte) (1 << ((at + j) & 7));
            }
        }
        return out;
    }

    static int[] unpack(byte[] packed, int d, int bits) {
        int[] levels = new int[d];
        for (int i = 0; i < d; i++) {
            long at = (long) i * bits;
            int q = 0;
            for (int j = 0; j < bits; j++) q |= (packed[(int) ((at + j) >>> 3)] >>> ((at + j) & 7) & 1) << j;
            levels[i] = q;
        }
        return levels;
    }

    /** Bytes of a packed stream of {@code d} positions of {@code bits}. */
    static int packedLength(int d, int bits) {
        return (int) (((long) d * bits + 7) / 8);
    }

    /** The first {@code d} bits of {@code v} as bytes (d a multiple of 64). */
    static byte[] prefixBytes(Hypervector v, int d) {
        long[] w = v.words();
        byte[] out = new byte[d / 8];
        for (int i = 0; i < out.length; i++) out[i] = (byte) (w[i >>> 3] >>> (8 * (i & 7)));
        return out;
    }

    static Hypervector fromBytes(byte[] b) {
        long[] w = new long[b.length / 8];
        for (int i = 0; i < b.length; i++) w[i >>> 3] |= (b[i] & 0xffL) << (8 * (i & 7));
        return Hypervector.ofWords(w);
    }

    /** The first {@code d} bits of {@code v}. */
    static Hypervector prefix(Hypervector v, int d) {
        return v.dimension() == d ? v : Hypervector.ofWords(java.util.Arrays.copyOf(v.words(), d / 64));
    }

    /** The unit mean of the responses' text vectors in +-1 form over their first {@code d} bits. */
    static double[] candidateMean(List<EncodedResponse> rs, int d) {
        double[] m = new double[d];
        for (EncodedResponse r : rs) {
            if (r.dimension() < d) {
                throw new InvalidInputException("a candidate response has dimension " + r.dimension()
                        + ", fewer bits than the package's " + d);
            }
            long[] w = r.text().words();
            for (int i = 0; i < d; i++) m[i] += (w[i >>> 6] >>> (i & 63) & 1L) != 0 ? 1 : -1;
        }
        return unit(m);
    }

    static double[] unit(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        if (s == 0) return v;
        double inv = 1 / Math.sqrt(s);
        for (int i = 0; i < v.length; i++) v[i] *= inv;
        return v;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
