package dev.assay.core.stats;

import dev.assay.core.InvalidInputException;
import java.util.Arrays;

/**
 * Wilcoxon-Mann-Whitney rank-sum test of a location shift between two independent samples x and y,
 * with the Hodges-Lehmann shift estimate and its confidence interval, computed as R's
 * {@code wilcox.test(x, y, conf.int = TRUE)} (R 4.2) does.
 *
 * <p>Statistic W = (sum of the ranks of x in the pooled sample) - m(m+1)/2, m = |x|, n = |y|
 * (Mann and Whitney 1947). When m &lt; 50, n &lt; 50 and there are no ties, p-values come from the exact
 * null distribution and the interval from the order statistics of the m n differences x_i - y_j, the
 * estimate being their median (Hodges and Lehmann 1963; Bauer 1972). Otherwise W is referred to a
 * normal distribution with the tie-corrected variance {@code m n / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1)))}
 * and a continuity correction of 0.5, and the interval ends and estimate are the shifts d where the
 * standardized statistic of (x - d, y) crosses the normal quantile, found with R's Brent root finder at
 * R's tolerance 1e-4 (so they are within about 1e-4 of the step of the statistic they bracket).
 * Cost: exact O(m^2 n^2) for the distribution plus O(m n log(m n)) for the interval; approximate
 * O(N log N) per root-finder step, N = m + n.
 */
public final class MannWhitney {
    private static final double ROOT_TOLERANCE = 1e-4;
    private static final int ROOT_MAX_ITERATIONS = 1000;
    private static final int EXACT_LIMIT = 50;

    private MannWhitney() {
    }

    /** Rank-sum test of a zero location shift of x relative to y; statistic W, p-value for the given tail. */
    public static TestResult test(double[] x, double[] y, Tail tail) {
        Sample s = Sample.of(x, y, tail);
        double w = s.statistic();
        if (s.exact()) {
            WilcoxonDistribution dist = new WilcoxonDistribution(s.m, s.n);
            double p = switch (tail) {
                case TWO_SIDED -> Math.min(1.0, 2.0 * (w > s.m * (double) s.n / 2.0 ? dist.upperTail(w - 1) : dist.lowerTail(w)));
                case UPPER -> dist.upperTail(w - 1);
                case LOWER -> dist.lowerTail(w);
            };
            return new TestResult("Wilcoxon rank sum exact test", tail, w, p);
        }
        double sigma = sigma(s.m, s.n, s.ranks.tieTerm);
        if (sigma == 0.0) {
            throw new InvalidInputException("cannot compute a p-value when all observations are tied");
        }
        double z = w - s.m * (double) s.n / 2.0;
        double correction = switch (tail) {
            case TWO_SIDED -> Math.signum(z) * 0.5;
            case UPPER -> 0.5;
            case LOWER -> -0.5;
        };
        z = (z - correction) / sigma;
        double p = switch (tail) {
            case LOWER -> Normal.cdf(z);
            case UPPER -> Normal.upperTail(z);
            case TWO_SIDED -> 2.0 * Math.min(Normal.cdf(z), Normal.upperTail(z));
        };
        return new TestResult("Wilcoxon rank sum test with continuity correction", tail, w, Math.min(1.0, p));
    }

    /**
     * Hodges-Lehmann estimate of the shift of x relative to y and its confidence interval at the given
     * level: two-sided, or one-sided [L, +Infinity) for {@link Tail#UPPER} and (-Infinity, U] for
     * {@link Tail#LOWER}, as R reports. In the exact case the level is lowered to the achieved one
     * when the requested level is not achievable (R's warning "Requested conf.level not achievable").
     */
    public static ConfidenceBound shift(double[] x, double[] y, Tail tail, double confidenceLevel) {
        Sample s = Sample.of(x, y, tail);
        Checks.open01("confidenceLevel", confidenceLevel);
        return s.exact() ? exactShift(s, tail, confidenceLevel) : approximateShift(s, tail, confidenceLevel);
    }

    private static ConfidenceBound exactShift(Sample s, Tail tail, double confidenceLevel) {
        int m = s.m;
        int n = s.n;
        double alpha = 1.0 - confidenceLevel;
        double[] diffs = new double[m * n];
        int k = 0;
        for (double xi : s.x) {
            for (double yj : s.y) {
                diffs[k++] = xi - yj;
            }
        }
        Arrays.sort(diffs);
        WilcoxonDistribution dist = new WilcoxonDistribution(m, n);
        int qu = dist.quantile(tail == Tail.TWO_SIDED ? alpha / 2.0 : alpha);
        if (qu == 0) {
            qu = 1;
        }
        int ql = m * n - qu;
        double achieved = (tail == Tail.TWO_SIDED ? 2.0 : 1.0) * dist.lowerTail(qu - 1);
        double lower = tail == Tail.LOWER ? Double.NEGATIVE_INFINITY : diffs[qu - 1];
        double upper = tail == Tail.UPPER ? Double.POSITIVE_INFINITY : diffs[ql];
        double level = achieved - alpha > alpha / 2.0 ? 1.0 - achieved : confidenceLevel;
        return new ConfidenceBound("Hodges-Lehmann shift, exact Wilcoxon interval",
                Quantiles.median(diffs), lower, upper, level);
    }

    private static ConfidenceBound approximateShift(Sample s, Tail tail, double confidenceLevel) {
        double alpha = 1.0 - confidenceLevel;
        double muMin = min(s.x) - max(s.y);
        double muMax = max(s.x) - min(s.y);
        if (!(muMin < muMax)) {
            throw new InvalidInputException("cannot compute a shift interval when all observations of each sample are tied");
        }
        double wMin = standardized(s, muMin, tail, true);
        double wMax = standardized(s, muMax, tail, true);
        double lower = Double.NEGATIVE_INFINITY;
        double upper = Double.POSITIVE_INFINITY;
        if (tail == Tail.TWO_SIDED) {
            lower = root(s, tail, Normal.quantile(1.0 - alpha / 2.0), muMin, muMax, wMin, wMax);
            upper = root(s, tail, Normal.quantile(alpha / 2.0), muMin, muMax, wMin, wMax);
        } else if (tail == Tail.UPPER) {
            lower = root(s, tail, Normal.quantile(1.0 - alpha), muMin, muMax, wMin, wMax);
        } else {
            upper = root(s, tail, Normal.quantile(alpha), muMin, muMax, wMin, wMax);
        }
        // R computes the estimate after switching the continuity correction off.
        double fLower = standardized(s, muMin, tail, false);
        double fUpper = standardized(s, muMax, tail, false);
        double estimate = Zeroin.root(d -> standardized(s, d, tail, false), muMin, muMax, fLower, fUpper,
                ROOT_TOLERANCE, ROOT_MAX_ITERATIONS);
        return new ConfidenceBound("Hodges-Lehmann shift, normal-approximation Wilcoxon interval",
                estimate, lower, upper, confidenceLevel);
    }

    private static double root(Sample s, Tail tail, double zq, double muMin, double muMax, double wMin, double wMax) {
        double fLower = wMin - zq;
        if (fLower <= 0) {
            return muMin;
        }
        double fUpper = wMax - zq;
        if (fUpper >= 0) {
            return muMax;
        }
        return Zeroin.root(d -> standardized(s, d, tail, true) - zq, muMin, muMax, fLower, fUpper,
                ROOT_TOLERANCE, ROOT_MAX_ITERATIONS);
    }

    /** R's W(d): the standardized, optionally continuity-corrected rank-sum statistic of (x - d, y). */
    private static double standardized(Sample s, double d, Tail tail, boolean correct) {
        int m = s.m;
        double[] pooled = new double[m + s.n];
        for (int i = 0; i < m; i++) {
            pooled[i] = s.x[i] - d;
        }
        System.arraycopy(s.y, 0, pooled, m, s.n);
        Ranks r = Ranks.of(pooled);
        double rankSum = 0.0;
        for (int i = 0; i < m; i++) {
            rankSum += r.ranks[i];
        }
        double dz = rankSum - m * (m + 1.0) / 2.0 - m * (double) s.n / 2.0;
        double correction = !correct ? 0.0 : switch (tail) {
            case TWO_SIDED -> Math.signum(dz) * 0.5;
            case UPPER -> 0.5;
            case LOWER -> -0.5;
        };
        double sigma = sigma(m, s.n, r.tieTerm);
        if (sigma == 0.0) {
            throw new InvalidInputException("cannot compute a shift interval when all observations are tied");
        }
        return (dz - correction) / sigma;
    }

    private static double sigma(int m, int n, double tieTerm) {
        double bigN = m + (double) n;
        return Math.sqrt((m * (double) n / 12.0) * ((bigN + 1) - tieTerm / (bigN * (bigN - 1))));
    }

    private static double min(double[] v) {
        double r = v[0];
        for (double e : v) {
            r = Math.min(r, e);
        }
        return r;
    }

    private static double max(double[] v) {
        double r = v[0];
        for (double e : v) {
            r = Math.max(r, e);
        }
        return r;
    }

    /** Validated samples with their pooled ranks. */
    private record Sample(double[] x, double[] y, int m, int n, Ranks ranks) {
        static Sample of(double[] x, double[] y, Tail tail) {
            Checks.finite("x", x, 1);
            Checks.finite("y", y, 1);
            Checks.notNull("tail", tail);
            double[] pooled = new double[x.length + y.length];
            System.arraycopy(x, 0, pooled, 0, x.length);
            System.arraycopy(y, 0, pooled, x.length, y.length);
            return new Sample(x.clone(), y.clone(), x.length, y.length, Ranks.of(pooled));
        }

        double statistic() {
            double rankSum = 0.0;
            for (int i = 0; i < m; i++) {
                rankSum += ranks.ranks[i];
            }
            return rankSum - m * (m + 1.0) / 2.0;
        }

        boolean exact() {
            return m < EXACT_LIMIT && n < EXACT_LIMIT && !ranks.hasTies;
        }
    }
}
