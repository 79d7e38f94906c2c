package dev.assay.core.stats;

import dev.assay.core.InvalidInputException;
import java.util.Arrays;

/**
 * Split-conformal prediction thresholds (Vovk et al. 2005; Lei et al. 2018, JASA 113:1094; Angelopoulos
 * and Bates 2023, "Conformal Prediction: A Gentle Introduction"). With n exchangeable calibration
 * nonconformity scores, the threshold q is the k-th smallest score, k = ceil((n + 1)(1 - alpha)), and
 * a new score s is covered when s <= q. Then P(covered) >= 1 - alpha, and <= 1 - alpha + 1/(n + 1) when
 * scores have no ties. When k > n (n &lt; 1/alpha - 1) no finite threshold is valid and q is +Infinity.
 * k is computed with a 1e-9 guard so that representation error in alpha cannot push it up by one.
 * O(n log n).
 */
public final class SplitConformal {
    private SplitConformal() {
    }

    /** Conformal threshold: the ceil((n + 1)(1 - alpha))-th smallest calibration score, +Infinity if that exceeds n. */
    public static double threshold(double[] calibrationScores, double alpha) {
        Checks.finite("calibrationScores", calibrationScores, 1);
        Checks.alpha(alpha);
        int n = calibrationScores.length;
        int k = rank(n, alpha);
        if (k > n) {
            return Double.POSITIVE_INFINITY;
        }
        double[] sorted = calibrationScores.clone();
        Arrays.sort(sorted);
        return sorted[k - 1];
    }

    /** Rank k = ceil((n + 1)(1 - alpha)) of the threshold among n calibration scores, 1-based. */
    static int rank(int n, double alpha) {
        return (int) Math.ceil((n + 1) * (1.0 - alpha) - 1e-9);
    }

    /** Fraction of {@code scores} at or below {@code threshold}: the empirical coverage of a conformal set. */
    public static double coverage(double[] scores, double threshold) {
        Checks.finite("scores", scores, 1);
        if (Double.isNaN(threshold)) {
            throw new InvalidInputException("threshold must be a number, but was NaN");
        }
        int covered = 0;
        for (double s : scores) {
            if (s <= threshold) {
                covered++;
            }
        }
        return (double) covered / scores.length;
    }
}
