package dev.assay.ranking.sustain;

import dev.assay.core.InvalidInputException;
import org.hipparchus.distribution.continuous.BetaDistribution;
import org.hipparchus.special.Beta;
import org.hipparchus.special.Gamma;

/**
 * The acceptance band {@code [nominal - halfWidth, nominal + halfWidth]} for the measured
 * coverage of split-conformal intervals at level {@code nominal}, and when a calibration set
 * is large enough for the band to be a meaningful check.
 *
 * <p>With n exchangeable calibration scores without ties and k = ceil((n + 1)(1 - alpha)),
 * the coverage of split conformal conditional on the calibration set is distributed
 * Beta(k, n + 1 - k) (Vovk 2012, "Conditional validity of inductive conformal predictors";
 * Angelopoulos and Bates 2021, "A Gentle Introduction to Conformal Prediction", section 3.2).
 * {@link #probabilityWithin(int)} is the probability that this Beta lies in the band: the
 * chance that a correct procedure's true coverage is in the band at all. Below
 * {@code minProbability} (default 0.9) the band cannot tell a correct model from a wrong one
 * and the slice is too small; n &lt; 1/alpha - 1 (k &gt; n) gives an infinite interval and
 * probability 0. The measured coverage on m test points adds binomial noise: given the
 * calibration it is Binomial(m, C)/m, so overall Beta-binomial(m, k, n + 1 - k), and
 * {@link #probabilityMeasuredWithin(int, int)} is the chance that it lands in the band. A slice
 * judged OK or OUT_OF_BAND has both probabilities at least the target, so a correct model is
 * OUT_OF_BAND on it in at most 1 - target of cycles (10% at 0.9): the band is a screen, not a
 * test at a small level.
 *
 * <p>The probability is not monotone in n: it dips each time (n + 1)(1 - alpha) is an
 * integer (k / (n + 1) then equals 1 - alpha exactly) and rises between, with period 1/alpha
 * and a decreasing amplitude. {@link #minimumCalibration()} is therefore the smallest n from
 * which every n meets the target, found by scanning until the target has held for two full
 * periods. For nominal 0.95, half-width 0.02 and target 0.9 it is 305 (n = 100 gives 0.655).
 * Cost O(1) per probability (regularized incomplete beta), O(m) for the Beta-binomial.
 */
public record CoverageBand(double nominal, double halfWidth, double minProbability) {
    private static final int SCAN_LIMIT = 1_000_000;

    public CoverageBand {
        if (!(nominal > 0 && nominal < 1)) throw new InvalidInputException("coverage must be in (0, 1), but was " + nominal);
        if (!(halfWidth > 0 && halfWidth < Math.min(nominal, 1 - nominal) + 1e-12))
            throw new InvalidInputException("coverage band half-width must be in (0, min(coverage, 1 - coverage)], but was "
                    + halfWidth + " for coverage " + nominal);
        if (!(minProbability > 0 && minProbability < 1))
            throw new InvalidInputException("band probability target must be in (0, 1), but was " + minProbability);
    }

    /** Nominal coverage, the band nominal +- 0.02, target probability 0.9. */
    public static CoverageBand of(double nominal) {
        return new CoverageBand(nominal, Math.min(0.02, Math.min(nominal, 1 - nominal)), 0.9);
    }

    public double lower() {
        return nominal - halfWidth;
    }

    public double upper() {
        return nominal + halfWidth;
    }

    public double alpha() {
        return 1 - nominal;
    }

    /** Whether a measured coverage lies in the band (1e-9 slack for representation error). */
    public boolean contains(double coverage) {
        return coverage >= lower() - 1e-9 && coverage <= upper() + 1e-9;
    }

    /** Rank of the conformal threshold among n scores, ceil((n + 1)(1 - alpha)) as in core {@code SplitConformal}. */
    public int rank(int n) {
        return (int) Math.ceil((n + 1) * nominal - 1e-9);
    }

    /** P(Beta(k, n + 1 - k) in the band): 0 when the interval would be infinite (k > n). */
    public double probabilityWithin(int n) {
        if (n < 1) return 0;
        int k = rank(n);
        if (k > n) return 0;
        BetaDistribution b = new BetaDistribution(k, n + 1.0 - k);
        return Math.max(0, b.cumulativeProbability(upper() + 1e-12) - b.cumulativeProbability(lower() - 1e-12));
    }

    /** P(measured coverage on {@code m} test points in the band), Beta-binomial(m, k, n + 1 - k); 0 when k > n. */
    public double probabilityMeasuredWithin(int n, int m) {
        if (n < 1 || m < 1) return 0;
        int k = rank(n);
        if (k > n) return 0;
        double a = k;
        double b = n + 1.0 - k;
        int from = (int) Math.ceil(lower() * m - 1e-9);
        int to = (int) Math.floor(upper() * m + 1e-9);
        double logBab = Beta.logBeta(a, b);
        double sum = 0;
        for (int x = Math.max(0, from); x <= Math.min(m, to); x++) {
            double logChoose = Gamma.logGamma(m + 1.0) - Gamma.logGamma(x + 1.0) - Gamma.logGamma(m - x + 1.0);
            sum += Math.exp(logChoose + Beta.logBeta(x + a, m - x + b) - logBab);
        }
        return Math.min(1, sum);
    }

    /** Whether n calibration points make the band meaningful: probability at least the target. */
    public boolean enough(int n) {
        return probabilityWithin(n) >= minProbability;
    }

    /** The smallest n from which every calibration size meets the target; -1 if none up to 10^6. */
    public int minimumCalibration() {
        int period = (int) Math.ceil(1 / alpha());
        int held = 0;
        int candidate = -1;
        for (int n = 1; n <= SCAN_LIMIT; n++) {
            if (enough(n)) {
                if (held == 0) candidate = n;
                if (++held >= 2 * period) return candidate;
            } else {
                held = 0;
            }
        }
        return -1;
    }
}
