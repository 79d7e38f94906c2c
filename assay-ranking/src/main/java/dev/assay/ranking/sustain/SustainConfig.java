package dev.assay.ranking.sustain;

import dev.assay.core.InvalidInputException;
import java.util.Objects;

/**
 * Everything a sustainment cycle is computed with, recorded in its manifest.
 *
 * @param measure       trec_eval measure of the audit and of the per-query gain (e.g. {@code ndcg_cut.10})
 * @param k             top k of the first stage its confidence is computed from
 * @param budgetMs      mean extra latency allowed per query
 * @param upshiftCostMs latency of one upshift (the stated cost model)
 * @param band          nominal conformal coverage and its acceptance band
 * @param split         training / calibration / test shares of the topics
 * @param alpha         one-sided level of the release quality guard
 * @param margin        non-inferiority margin of the release quality guard
 * @param resamples     bootstrap resamples of the release guard
 * @param permutations  within-stratum permutations of the confounding analysis
 * @param bandShare     share of queries in the early-exit band
 * @param seed          the one seed every random step derives from
 * @param tooFewPoints  what a coverage slice with too few calibration points makes of the cycle
 * @param failedRouter  whether a distilled router that failed its no-regret gate is published
 */
public record SustainConfig(String measure, int k, double budgetMs, double upshiftCostMs, CoverageBand band,
                            ConformalCoverage.Split split, double alpha, double margin, int resamples, int permutations,
                            double bandShare, long seed, TooFewPoints tooFewPoints, FailedRouter failedRouter) {
    /** What a cycle makes of a slice whose coverage band cannot mean anything (too few calibration points). */
    public enum TooFewPoints {
        /** The cycle is INCONCLUSIVE: a part of it could not be checked (the default). */
        INCONCLUSIVE,
        /** The cycle may still pass; the slice is reported as a warning (the user opted out). */
        WARN
    }

    /** Whether a distilled router that failed its no-regret gate is written with the artifacts. */
    public enum FailedRouter {
        /** Not written; the report says why (the default). */
        WITHHOLD,
        /** Written anyway, its FAIL verdict recorded inside it. */
        PUBLISH
    }

    public SustainConfig {
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(tooFewPoints, "tooFewPoints");
        Objects.requireNonNull(failedRouter, "failedRouter");
        Objects.requireNonNull(band, "band");
        Objects.requireNonNull(split, "split");
        if (k < 2) throw new InvalidInputException("k must be >= 2, but was " + k);
        if (!(budgetMs >= 0 && Double.isFinite(budgetMs))) throw new InvalidInputException("budget must be a finite number >= 0 ms, but was " + budgetMs);
        if (!(upshiftCostMs > 0 && Double.isFinite(upshiftCostMs))) throw new InvalidInputException("upshift cost must be > 0 ms, but was " + upshiftCostMs);
        if (!(alpha > 0 && alpha < 0.5)) throw new InvalidInputException("alpha must be in (0, 0.5), but was " + alpha);
        if (!(margin >= 0 && margin < 1)) throw new InvalidInputException("margin must be in [0, 1), but was " + margin);
        if (resamples < 100) throw new InvalidInputException("resamples must be >= 100, but was " + resamples);
        if (permutations < 99) throw new InvalidInputException("permutations must be >= 99, but was " + permutations);
        if (!(bandShare >= 0 && bandShare <= 1)) throw new InvalidInputException("band share must be in [0, 1], but was " + bandShare);
    }

    /**
     * The defaults of {@code assay rank sustain}: nDCG@10, k 10, 40 ms per upshift, coverage 0.95 +- 0.02 with target
     * probability 0.9, a third of the topics for training and half the rest for calibration, alpha 0.05, margin 0,
     * 10,000 resamples, 9,999 permutations, a 10% early-exit band; a slice with too few calibration points makes
     * the cycle INCONCLUSIVE and a router that fails its gate is withheld.
     */
    public static SustainConfig defaults(double budgetMs, long seed) {
        return new SustainConfig("ndcg_cut.10", 10, budgetMs, 40, CoverageBand.of(0.95), new ConformalCoverage.Split(1.0 / 3, 0.5),
                0.05, 0, 10_000, 9_999, 0.1, seed, TooFewPoints.INCONCLUSIVE, FailedRouter.WITHHOLD);
    }

    /** This configuration with {@code policy} for a router that fails its gate. */
    public SustainConfig withFailedRouter(FailedRouter policy) {
        return new SustainConfig(measure, k, budgetMs, upshiftCostMs, band, split, alpha, margin, resamples, permutations, bandShare,
                seed, tooFewPoints, policy);
    }

    /** This configuration with {@code policy} for slices with too few calibration points. */
    public SustainConfig withTooFewPoints(TooFewPoints policy) {
        return new SustainConfig(measure, k, budgetMs, upshiftCostMs, band, split, alpha, margin, resamples, permutations, bandShare,
                seed, policy, failedRouter);
    }
}
