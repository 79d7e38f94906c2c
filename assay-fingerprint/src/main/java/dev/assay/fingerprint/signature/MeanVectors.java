package dev.assay.fingerprint.signature;

import dev.assay.fingerprint.hv.Hypervector;
import java.util.Collection;

/**
 * Mean vectors in +-1 form from exact counters: position i of the mean of n vectors is {@code 2 c_i / n - 1}. The
 * leave-out form drops given vectors from the counts first (the calibration of identification, drift and sequential
 * verification scores a response against the mean of the others, never one that includes it).
 */
public final class MeanVectors {
    private MeanVectors() {}

    /** The +-1 mean of the {@code n} vectors counted in {@code counts}. */
    public static double[] of(long[] counts, long n) {
        return without(counts, n, java.util.List.of());
    }

    /** The +-1 mean of the {@code n} vectors counted in {@code counts}, without {@code minus} (counted among them). */
    public static double[] without(long[] counts, long n, Collection<Hypervector> minus) {
        long[] c = counts;
        if (!minus.isEmpty()) {
            c = counts.clone();
            for (Hypervector v : minus) {
                long[] w = v.words();
                for (int i = 0; i < c.length; i++) c[i] -= w[i >>> 6] >>> (i & 63) & 1L;
            }
        }
        double total = n - minus.size();
        double[] m = new double[c.length];
        for (int i = 0; i < m.length; i++) m[i] = 2 * c[i] / total - 1;
        return m;
    }

    /** The cosine between {@code v} in +-1 form and {@code m}; 0 when {@code m} is zero. */
    public static double cosine(Hypervector v, double[] m) {
        long[] w = v.words();
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < m.length; i++) {
            dot += (w[i >>> 6] >>> (i & 63) & 1L) != 0 ? m[i] : -m[i];
            norm += m[i] * m[i];
        }
        return norm == 0 ? 0 : dot / (Math.sqrt(norm) * Math.sqrt(m.length));
    }
}
