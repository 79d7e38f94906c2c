package dev.assay.fingerprint.drift;

import java.util.Arrays;
import org.hipparchus.special.Erf;

/**
 * The evidence functions behind a {@link DriftVerdict}: the best single change point of the mean, the
 * Mann–Kendall trend test with Sen's slope, the autocorrelation function and its periodic peak, and Welch's t.
 * Each is a plain function of a series, exact (no sampling), tested against hand-computed values.
 */
final class DriftEvidence {
    private DriftEvidence() {
    }

    /**
     * The best upward change point of the mean.
     *
     * @param index      first position of the post-change segment
     * @param t          pooled two-sample t of the post-change mean against the pre-change mean (the maximum over
     *                   splits, so larger than a single-split t under no change)
     * @param meanShift  post-change mean minus pre-change mean
     * @param jump       gap at the split between the lines fitted to each segment, their slopes soft-thresholded by
     *                   one standard error (pooled residual variance): a slope within noise counts as flat, so the
     *                   few noisy post-change points at an alarm do not pass for a trend
     * @param slopeBefore least-squares slope within the pre-change segment, per point (not thresholded)
     * @param slopeAfter  least-squares slope within the post-change segment, per point (not thresholded)
     * @param abruptness {@code jump / (jump + |s1| n1 + |s2| n2)} with the thresholded slopes s1, s2 for a positive
     *                   jump, else 0: the share of the rise explained by the jump rather than by trends within segments
     */
    record ChangePoint(int index, double t, double meanShift, double jump, double slopeBefore, double slopeAfter,
                       double abruptness) {
    }

    /** Maximizes the pooled two-sample t over splits leaving at least {@code minSegment} points on each side. */
    static ChangePoint changePoint(double[] x, int minSegment) {
        int n = x.length;
        if (n < 2 * minSegment || minSegment < 3) {
            throw new IllegalArgumentException("need at least " + 2 * minSegment + " points and segments of 3, but had " + n);
        }
        double[] s1 = new double[n + 1];
        double[] s2 = new double[n + 1];
        for (int i = 0; i < n; i++) {
            s1[i + 1] = s1[i] + x[i];
            s2[i + 1] = s2[i] + x[i] * x[i];
        }
        int best = minSegment;
        double bestT = Double.NEGATIVE_INFINITY;
        for (int tau = minSegment; tau <= n - minSegment; tau++) {
            int n1 = tau;
            int n2 = n - tau;
            double m1 = s1[tau] / n1;
            double m2 = (s1[n] - s1[tau]) / n2;
            double within = Math.max(0, s2[tau] - n1 * m1 * m1) + Math.max(0, s2[n] - s2[tau] - n2 * m2 * m2);
            double t = tStatistic(m2 - m1, within / (n - 2) * (1.0 / n1 + 1.0 / n2));
            if (t > bestT) {
                bestT = t;
                best = tau;
            }
        }
        double[] before = Arrays.copyOfRange(x, 0, best);
        double[] after = Arrays.copyOfRange(x, best, n);
        double b1 = slope(before);
        double b2 = slope(after);
        double sxx1 = sxx(before.length);
        double sxx2 = sxx(after.length);
        double residual = Math.max(0, residualSquares(before, b1, sxx1) + residualSquares(after, b2, sxx2)) / (n - 4);
        double k1 = shrink(b1, Math.sqrt(residual / sxx1));
        double k2 = shrink(b2, Math.sqrt(residual / sxx2));
        double boundary = best - 0.5;
        double lineBefore = mean(before) + k1 * (boundary - (before.length - 1) / 2.0);
        double lineAfter = mean(after) + k2 * (boundary - (best + (n - 1)) / 2.0);
        double jump = lineAfter - lineBefore;
        double rise = Math.abs(k1) * before.length + Math.abs(k2) * after.length;
        double abruptness = jump > 0 ? jump / (jump + rise) : 0;
        return new ChangePoint(best, bestT, mean(after) - mean(before), jump, b1, b2, abruptness);
    }

    /**
     * The Mann–Kendall trend test.
     *
     * @param s        {@code sum over i < j of sign(x_j - x_i)}
     * @param variance variance of S under no trend, corrected for ties:
     *                 {@code (n(n-1)(2n+5) - sum over tie groups g of t_g(t_g-1)(2t_g+5)) / 18}
     * @param z        continuity-corrected {@code (S - sign(S)) / sqrt(variance)}, 0 when S = 0
     * @param p        two-sided normal p-value of z
     * @param senSlope Sen's slope: the median of {@code (x_j - x_i) / (j - i)} over pairs i < j
     */
    record MannKendall(long s, double variance, double z, double p, double senSlope) {
    }

    /** Mann–Kendall S, Z, p and Sen's slope; O(n^2) time and memory. */
    static MannKendall mannKendall(double[] x) {
        int n = x.length;
        if (n < 3) {
            throw new IllegalArgumentException("Mann-Kendall needs at least 3 points, but had " + n);
        }
        long s = 0;
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) {
                s += Double.compare(x[j], x[i]) > 0 ? 1 : x[j] == x[i] ? 0 : -1;
                slopes[k++] = (x[j] - x[i]) / (j - i);
            }
        }
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double ties = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && sorted[j] == sorted[i]) {
                j++;
            }
            double t = j - i;
            ties += t * (t - 1) * (2 * t + 5);
            i = j;
        }
        double variance = ((double) n * (n - 1) * (2.0 * n + 5) - ties) / 18.0;
        double z = s == 0 || variance <= 0 ? 0 : (s - Math.signum(s)) / Math.sqrt(variance);
        double p = Erf.erfc(Math.abs(z) / Math.sqrt(2));
        return new MannKendall(s, variance, z, p, median(slopes));
    }

    /** Sample autocorrelation {@code r_k = sum (x_t - m)(x_{t+k} - m) / sum (x_t - m)^2} for k = 0..maxLag (all 0 for a constant series). */
    static double[] acf(double[] x, int maxLag) {
        int n = x.length;
        double m = mean(x);
        double denominator = 0;
        for (double v : x) {
            denominator += (v - m) * (v - m);
        }
        double[] r = new double[Math.min(maxLag, n - 1) + 1];
        for (int k = 0; k < r.length; k++) {
            double num = 0;
            for (int t = 0; t + k < n; t++) {
                num += (x[t] - m) * (x[t + k] - m);
            }
            r[k] = denominator > 0 ? num / denominator : 0;
        }
        return r;
    }

    /**
     * The periodic peak of an autocorrelation function.
     *
     * @param lag    lag of the highest autocorrelation after the first negative one; 0 when it never turns negative
     * @param peak   the autocorrelation there (0 when lag is 0)
     * @param trough the lowest autocorrelation at lags 1..lag-1 (or over all lags when lag is 0)
     * @param bound  the white-noise significance bound {@code 1.96 / sqrt(n)}
     */
    record Periodicity(int lag, double peak, double trough, double bound) {
        /** An oscillation: a significant trough followed by a peak of at least {@code minPeak} above the bound. */
        boolean periodic(double minPeak) {
            return lag >= 2 && trough < -bound && peak > bound && peak >= minPeak;
        }
    }

    /** Finds the periodic peak of {@code acf}, computed from a series of {@code n} points. */
    static Periodicity periodicity(double[] acf, int n) {
        double bound = 1.96 / Math.sqrt(n);
        int firstNegative = 1;
        while (firstNegative < acf.length && acf[firstNegative] >= 0) {
            firstNegative++;
        }
        int lag = 0;
        double peak = 0;
        for (int k = firstNegative + 1; k < acf.length; k++) {
            if (lag == 0 || acf[k] > peak) {
                lag = k;
                peak = acf[k];
            }
        }
        double trough = Double.POSITIVE_INFINITY;
        for (int k = 1; k < (lag == 0 ? acf.length : lag); k++) {
            trough = Math.min(trough, acf[k]);
        }
        return new Periodicity(lag, lag == 0 ? 0 : peak, trough == Double.POSITIVE_INFINITY ? 0 : trough, bound);
    }

    /** Welch's t of {@code mean(b) - mean(a)}; NaN when either has fewer than 2 values. */
    static double welchT(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Double.NaN;
        }
        return tStatistic(mean(b) - mean(a), variance(a) / a.length + variance(b) / b.length);
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return x.length == 0 ? Double.NaN : s / x.length;
    }

    static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    /** Least-squares slope of x against its positions 0..n-1 (n >= 2). */
    static double slope(double[] x) {
        double c = (x.length - 1) / 2.0;
        double m = mean(x);
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (i - c) * (x[i] - m);
            den += (i - c) * (i - c);
        }
        return num / den;
    }

    /** {@code sum (i - mean i)^2} over positions 0..m-1. */
    private static double sxx(int m) {
        return (double) m * ((double) m * m - 1) / 12.0;
    }

    /** Residual sum of squares of x around its least-squares line of slope b. */
    private static double residualSquares(double[] x, double b, double sxx) {
        double m = mean(x);
        double total = 0;
        for (double v : x) {
            total += (v - m) * (v - m);
        }
        return total - b * b * sxx;
    }

    /** Soft threshold: {@code b} moved towards 0 by one standard error (0 if within it). */
    private static double shrink(double b, double standardError) {
        return Math.signum(b) * Math.max(0, Math.abs(b) - standardError);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }

    /** {@code difference / sqrt(varianceOfDifference)}, signed infinity (or 0) when the variance is 0. */
    private static double tStatistic(double difference, double varianceOfDifference) {
        if (varianceOfDifference > 0) {
            return difference / Math.sqrt(varianceOfDifference);
        }
        return difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference);
    }
}
