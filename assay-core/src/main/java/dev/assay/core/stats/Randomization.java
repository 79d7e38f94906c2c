package dev.assay.core.stats;

import dev.assay.core.InvalidInputException;
import dev.assay.core.progress.Progress;

/**
 * Randomization tests of a mean: sign-flip for paired deltas, permutation for two independent samples.
 *
 * <p>Sign-flip (Fisher 1935; Good, "Permutation Tests", 2005): under H0 the deltas are symmetric about
 * zero, so flipping each sign independently leaves their distribution unchanged; the statistic is the
 * mean delta. Permutation: under H0 the pooled values are exchangeable; the statistic is
 * mean(first) - mean(second). Monte Carlo p-values are {@code (c + 1) / (B + 1)}, c the number of the B
 * random re-signings or relabellings at least as extreme as the observed statistic, which is a valid
 * p-value for every B (Phipson and Smyth 2010); its Monte Carlo standard error is about
 * {@code sqrt(p (1 - p) / B)}. Statistics equal up to a relative 1e-9 count as equally extreme (a
 * conservative guard against rounding). Cost O(B n), parallel and seed-determined like
 * {@link PairedBootstrap}; the exact sign-flip test costs O(n 2^n).
 */
public final class Randomization {
    /** Largest sample for which {@link #signFlipExact} enumerates all sign patterns (2^20 of them). */
    public static final int MAX_EXACT_SIZE = 20;
    private static final double RELATIVE_TIE = 1e-9;

    private Randomization() {
    }

    /** Monte Carlo sign-flip test of mean(deltas) = 0 with {@code resamples} random re-signings drawn from {@code seed}. */
    public static TestResult signFlip(double[] deltas, Tail tail, int resamples, long seed) {
        return signFlip(deltas, tail, resamples, seed, Progress.Task.none());
    }

    /**
     * As {@link #signFlip(double[], Tail, int, long)}, stepping {@code progress} by {@code resamples} in total,
     * a chunk of re-signings at a time; the result does not depend on {@code progress}.
     */
    public static TestResult signFlip(double[] deltas, Tail tail, int resamples, long seed, Progress.Task progress) {
        Checks.notNull("progress", progress);
        double[] d = Checks.finite("deltas", deltas, 1).clone();
        Checks.notNull("tail", tail);
        Checks.atLeast("resamples", resamples, 1);
        int n = d.length;
        double observed = sum(d);
        double tolerance = RELATIVE_TIE * sumAbs(d);
        long[] raw = new long[n];
        for (int i = 0; i < n; i++) {
            raw[i] = Double.doubleToRawLongBits(d[i]);
        }
        long extreme = SeededChunks.count(resamples, seed, progress, (from, to, rng) -> {
            long c = 0;
            for (int b = from; b < to; b++) {
                // Each random bit flips the sign bit of one delta (branch-free, exact); two accumulators
                // keep the additions from waiting on each other.
                double s0 = 0.0;
                double s1 = 0.0;
                for (int i = 0; i < n; i += 64) {
                    long bits = rng.nextLong();
                    int end = Math.min(n, i + 64);
                    int j = i;
                    for (; j + 1 < end; j += 2) {
                        s0 += Double.longBitsToDouble(raw[j] ^ (bits << 63));
                        s1 += Double.longBitsToDouble(raw[j + 1] ^ ((bits << 62) & Long.MIN_VALUE));
                        bits >>>= 2;
                    }
                    if (j < end) {
                        s0 += Double.longBitsToDouble(raw[j] ^ (bits << 63));
                    }
                }
                double s = s0 + s1;
                if (atLeastAsExtreme(s, observed, tolerance, tail)) {
                    c++;
                }
            }
            return c;
        });
        double p = (extreme + 1.0) / (resamples + 1.0);
        return new TestResult("sign-flip randomization test (Monte Carlo, B = " + resamples + ")", tail, observed / n, p);
    }

    /** Exact sign-flip test of mean(deltas) = 0 over all 2^n sign patterns; n at most {@link #MAX_EXACT_SIZE}. */
    public static TestResult signFlipExact(double[] deltas, Tail tail) {
        double[] d = Checks.finite("deltas", deltas, 1);
        Checks.notNull("tail", tail);
        int n = d.length;
        if (n > MAX_EXACT_SIZE) {
            throw new InvalidInputException("exact sign-flip test enumerates 2^n patterns, so n must be <= "
                    + MAX_EXACT_SIZE + ", but was " + n);
        }
        double observed = sum(d);
        double tolerance = RELATIVE_TIE * sumAbs(d);
        long patterns = 1L << n;
        long extreme = 0;
        for (long mask = 0; mask < patterns; mask++) {
            double s = 0.0;
            for (int i = 0; i < n; i++) {
                s += ((mask >>> i) & 1L) == 0 ? d[i] : -d[i];
            }
            if (atLeastAsExtreme(s, observed, tolerance, tail)) {
                extreme++;
            }
        }
        return new TestResult("sign-flip randomization test (exact)", tail, observed / n, (double) extreme / patterns);
    }

    /** Monte Carlo permutation test of mean(first) = mean(second) with {@code resamples} random relabellings drawn from {@code seed}. */
    public static TestResult permutation(double[] first, double[] second, Tail tail, int resamples, long seed) {
        Checks.finite("first", first, 1);
        Checks.finite("second", second, 1);
        Checks.notNull("tail", tail);
        Checks.atLeast("resamples", resamples, 1);
        int n1 = first.length;
        int n2 = second.length;
        int total = n1 + n2;
        double[] pooled = new double[total];
        System.arraycopy(first, 0, pooled, 0, n1);
        System.arraycopy(second, 0, pooled, n1, n2);
        double sumAll = sum(pooled);
        double sumFirst = sum(first);
        double observed = sumFirst / n1 - (sumAll - sumFirst) / n2;
        double tolerance = RELATIVE_TIE * sumAbs(pooled) * (1.0 / n1 + 1.0 / n2);
        // Shuffle only as many positions as the smaller group has: they form a uniformly random subset.
        boolean drawFirst = n1 <= n2;
        int k = drawFirst ? n1 : n2;
        long extreme = SeededChunks.count(resamples, seed, Progress.Task.none(), (from, to, rng) -> {
            double[] w = pooled.clone();
            long c = 0;
            for (int b = from; b < to; b++) {
                double s = 0.0;
                for (int i = 0; i < k; i++) {
                    int j = i + SeededChunks.index(rng, total - i);
                    double t = w[i];
                    w[i] = w[j];
                    w[j] = t;
                    s += w[i];
                }
                double s1 = drawFirst ? s : sumAll - s;
                double statistic = s1 / n1 - (sumAll - s1) / n2;
                if (atLeastAsExtreme(statistic, observed, tolerance, tail)) {
                    c++;
                }
            }
            return c;
        });
        double p = (extreme + 1.0) / (resamples + 1.0);
        return new TestResult("two-sample permutation test of the difference in means (Monte Carlo, B = "
                + resamples + ")", tail, observed, p);
    }

    static boolean atLeastAsExtreme(double statistic, double observed, double tolerance, Tail tail) {
        return switch (tail) {
            case UPPER -> statistic >= observed - tolerance;
            case LOWER -> statistic <= observed + tolerance;
            case TWO_SIDED -> Math.abs(statistic) >= Math.abs(observed) - tolerance;
        };
    }

    private static double sum(double[] v) {
        double s = 0.0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static double sumAbs(double[] v) {
        double s = 0.0;
        for (double x : v) {
            s += Math.abs(x);
        }
        return s;
    }
}
