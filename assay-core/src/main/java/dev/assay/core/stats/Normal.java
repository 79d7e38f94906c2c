package dev.assay.core.stats;

import org.hipparchus.special.Erf;

/** Standard normal distribution function and quantile, accurate in both tails (Hipparchus erfc / erfcInv). */
final class Normal {
    private static final double SQRT2 = Math.sqrt(2.0);

    private Normal() {
    }

    /** P(Z <= z), computed through erfc so that the lower tail keeps full relative precision. */
    static double cdf(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        return 0.5 * Erf.erfc(-z / SQRT2);
    }

    /** P(Z > z). */
    static double upperTail(double z) {
        return cdf(-z);
    }

    /** The z with P(Z <= z) = p; infinite at p = 0 or 1. */
    static double quantile(double p) {
        if (p <= 0.0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p >= 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        return p < 0.5 ? -SQRT2 * Erf.erfcInv(2.0 * p) : SQRT2 * Erf.erfcInv(2.0 * (1.0 - p));
    }
}
