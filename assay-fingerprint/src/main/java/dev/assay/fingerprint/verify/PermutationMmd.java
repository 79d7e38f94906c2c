package dev.assay.fingerprint.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The two-sample permutation test behind verification and drift. Samples G and H (indices into one Gram matrix)
 * are compared by the squared distance of their kernel mean embeddings,
 * {@code T = || mean_G phi - mean_H phi ||^2 = a' K a} with {@code a_i = 1/|G|} on G and {@code -1/|H|} on H.
 * The p-value is {@code (1 + #{T_perm >= T}) / (1 + B)} over B random relabellings that keep each stratum's
 * counts (responses to one prompt are only exchanged with responses to the same prompt; with one stratum this is
 * the ordinary permutation test), which is exact (valid at every sample size) under exchangeability.
 *
 * <p>Each relabelling costs O(g^2) for the smaller group g, not O(n^2): with z the indicator of G and
 * c = 1/g + 1/h, {@code T = c^2 z'Kz - 2 (c / h) z'(K 1) + 1'K1 / h^2}.
 */
final class PermutationMmd {
    /** The observed statistic, the p-value, the unbiased MMD^2, the spread and the effect size. */
    record Result(double statistic, double pValue, double mmd2Unbiased, double spread, double effect, int permutations) {}

    private final double[][] k;
    private final double[] rowSums;
    private final double total;

    PermutationMmd(double[][] gram) {
        this.k = gram;
        int n = gram.length;
        rowSums = new double[n];
        double t = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += gram[i][j];
            rowSums[i] = s;
            t += s;
        }
        total = t;
    }

    /**
     * Tests whether the responses labelled true in {@code inG} come from the same distribution as the others;
     * {@code strata[i]} is response i's stratum (all 0 for an unstratified test).
     */
    Result test(boolean[] inG, int[] strata, int permutations, long seed) {
        int n = k.length;
        int[] g = indices(inG, true);
        int[] h = indices(inG, false);
        if (g.length == 0 || h.length == 0) throw new IllegalArgumentException("both samples need a response");
        // Relabel the smaller group: its indices are what each permutation draws.
        boolean flip = g.length > h.length;
        int small = flip ? h.length : g.length;
        int large = n - small;
        double c = 1.0 / small + 1.0 / large;
        double observed = statistic(flip ? h : g, c, large);
        // Strata: per stratum, its members and how many of them the smaller group holds.
        int maxStratum = 0;
        for (int s : strata) maxStratum = Math.max(maxStratum, s);
        List<int[]> members = new ArrayList<>();
        int[] smallCount = new int[maxStratum + 1];
        int[] size = new int[maxStratum + 1];
        for (int i = 0; i < n; i++) {
            size[strata[i]]++;
            if (inG[i] != flip) smallCount[strata[i]]++;
        }
        for (int s = 0; s <= maxStratum; s++) members.add(new int[size[s]]);
        int[] fill = new int[maxStratum + 1];
        for (int i = 0; i < n; i++) members.get(strata[i])[fill[strata[i]]++] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        int[] pick = new int[small];
        int atLeast = 0;
        for (int b = 0; b < permutations; b++) {
            int p = 0;
            for (int s = 0; s <= maxStratum; s++) {
                int[] m = members.get(s);
                int want = smallCount[s];
                // partial Fisher-Yates: the first `want` of m after shuffling
                for (int i = 0; i < want; i++) {
                    int j = i + rng.nextInt(m.length - i);
                    int t = m[i];
                    m[i] = m[j];
                    m[j] = t;
                    pick[p++] = m[i];
                }
            }
            if (statistic(pick, c, large) >= observed - 1e-12) atLeast++;
        }
        double pValue = (1.0 + atLeast) / (1.0 + permutations);
        double mmd2u = unbiased(g, h);
        double spread = spread(g, h);
        double effect = spread > 0 ? mmd2u / spread : 0;
        return new Result(observed, pValue, mmd2u, spread, effect, permutations);
    }

    private double statistic(int[] z, double c, int large) {
        double zkz = 0;
        double zr = 0;
        for (int a = 0; a < z.length; a++) {
            double[] row = k[z[a]];
            double s = 0;
            for (int b = 0; b < z.length; b++) s += row[z[b]];
            zkz += s;
            zr += rowSums[z[a]];
        }
        return c * c * zkz - 2 * (c / large) * zr + total / ((double) large * large);
    }

    /** The unbiased MMD^2: means over distinct pairs within each sample minus twice the mean across. */
    double unbiased(int[] g, int[] h) {
        return withinMean(g) + withinMean(h) - 2 * crossMean(g, h);
    }

    /** Half the mean squared distance between two distinct responses of the pooled samples: 1 - mean similarity. */
    double spread(int[] g, int[] h) {
        int[] all = Arrays.copyOf(g, g.length + h.length);
        System.arraycopy(h, 0, all, g.length, h.length);
        double diag = 0;
        for (int i : all) diag += k[i][i];
        return diag / all.length - withinMean(all);
    }

    private double withinMean(int[] x) {
        if (x.length < 2) return Double.NaN;
        double s = 0;
        for (int a = 0; a < x.length; a++) {
            for (int b = 0; b < x.length; b++) {
                if (a != b) s += k[x[a]][x[b]];
            }
        }
        return s / ((double) x.length * (x.length - 1));
    }

    private double crossMean(int[] g, int[] h) {
        double s = 0;
        for (int a : g) {
            for (int b : h) s += k[a][b];
        }
        return s / ((double) g.length * h.length);
    }

    private static int[] indices(boolean[] in, boolean value) {
        int c = 0;
        for (boolean b : in) if (b == value) c++;
        int[] out = new int[c];
        int p = 0;
        for (int i = 0; i < in.length; i++) if (in[i] == value) out[p++] = i;
        return out;
    }
}
