package dev.assay.core.contract;

/**
 * What a check computes over the values of one window.
 *
 * <p>Percentiles are exact nearest-rank quantiles of the sorted sample (Hyndman and Fan 1996,
 * definition 1, the inverse of the empirical distribution function): P<sub>q</sub> is the value at
 * 1-based rank {@code ceil(q * n / 100)}, always an observed value. {@link #MEAN_LCB} and
 * {@link #MEAN_UCB} are one-sided Student-t confidence bounds on the mean at the check's confidence.
 */
public enum Statistic {
    /** Number of values; defined (0) on an empty window. */
    COUNT(0),
    /** Arithmetic mean. */
    MEAN(0),
    /** Smallest value. */
    MIN(0),
    /** Largest value. */
    MAX(0),
    /** Median, nearest rank. */
    P50(50),
    /** 90th percentile, nearest rank. */
    P90(90),
    /** 95th percentile, nearest rank. */
    P95(95),
    /** 99th percentile, nearest rank. */
    P99(99),
    /** Fraction of values that are not zero (for 0/1 error or success indicators). */
    RATE(0),
    /** Lower one-sided t confidence bound on the mean; compare with GT or GE. */
    MEAN_LCB(0),
    /** Upper one-sided t confidence bound on the mean; compare with LT or LE. */
    MEAN_UCB(0);

    private final int percentile;

    Statistic(int percentile) {
        this.percentile = percentile;
    }

    /** True for the confidence-bound statistics, which can be INCONCLUSIVE when the interval straddles the threshold. */
    public boolean isConfidenceBound() {
        return this == MEAN_LCB || this == MEAN_UCB;
    }

    /** The percentile in (0, 100) for P50..P99, 0 otherwise. */
    int percentile() {
        return percentile;
    }
}
