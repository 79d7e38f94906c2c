package dev.assay.core.stats;

/** Sample quantiles of sorted arrays. */
final class Quantiles {
    private Quantiles() {
    }

    /** Hyndman-Fan type 7 quantile (R's default): linear interpolation between order statistics at h = (n-1)p. */
    static double type7(double[] sorted, double p) {
        int n = sorted.length;
        if (p <= 0.0) {
            return sorted[0];
        }
        if (p >= 1.0) {
            return sorted[n - 1];
        }
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo >= n - 1) {
            return sorted[n - 1];
        }
        double frac = h - lo;
        return frac == 0.0 ? sorted[lo] : sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
    }

    /** Median of a sorted array, the mean of the two middle values when the length is even (as R's median). */
    static double median(double[] sorted) {
        int n = sorted.length;
        int mid = n / 2;
        return (n % 2 == 1) ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
