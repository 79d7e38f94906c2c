package dev.assay.core.contract;

import java.util.Arrays;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * Exact statistics of one window's values: nearest-rank quantiles of the sorted sample, the mean,
 * the sample standard deviation and one-sided Student-t bounds on the mean. O(n log n) for quantiles
 * (one sort), O(n) otherwise.
 */
final class SampleStats {
    private SampleStats() {}

    /**
     * Nearest-rank quantile (Hyndman and Fan 1996, definition 1): the value at 1-based rank
     * {@code ceil(percentile * n / 100)} of the sorted values, computed in integer arithmetic so
     * that e.g. P95 of 20 values is exactly the 19th. {@code sorted} must be ascending and non-empty.
     */
    static double nearestRank(double[] sorted, int percentile) {
        if (sorted.length == 0) throw new IllegalArgumentException("no values");
        if (percentile <= 0 || percentile > 100) throw new IllegalArgumentException("percentile must be in (0, 100], but was " + percentile);
        long n = sorted.length;
        long rank = (percentile * n + 99) / 100; // ceil(percentile * n / 100)
        return sorted[(int) Math.max(1, rank) - 1];
    }

    /** Sorted copy. */
    static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    static double mean(double[] values) {
        // Two-pass mean: the correction term removes most of the rounding error of the naive sum.
        double sum = 0;
        for (double v : values) sum += v;
        double mean = sum / values.length;
        double correction = 0;
        for (double v : values) correction += v - mean;
        return mean + correction / values.length;
    }

    /** Sample standard deviation (n - 1 denominator); needs at least two values. */
    static double standardDeviation(double[] values, double mean) {
        if (values.length < 2) throw new IllegalArgumentException("need >= 2 values, but had " + values.length);
        double ss = 0;
        for (double v : values) {
            double d = v - mean;
            ss += d * d;
        }
        return Math.sqrt(ss / (values.length - 1));
    }

    static double nonZeroRate(double[] values) {
        int nonZero = 0;
        for (double v : values) if (v != 0) nonZero++;
        return (double) nonZero / values.length;
    }

    /**
     * Half-width {@code t(confidence; n-1) * s / sqrt(n)} of the one-sided Student-t bound on the mean at
     * {@code confidence}: {@code mean - h} is the lower and {@code mean + h} the upper bound, and
     * {@code [mean - h, mean + h]} is the two-sided interval at {@code 2 * confidence - 1}.
     */
    static double tHalfWidth(double sd, int n, double confidence) {
        double q = new TDistribution(n - 1).inverseCumulativeProbability(confidence);
        return q * sd / Math.sqrt(n);
    }
}
