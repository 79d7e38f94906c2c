package dev.assay.core.stats;

/** How a bootstrap confidence bound is read off the bootstrap distribution. */
public enum Interval {
    /** Quantiles of the bootstrap distribution at the nominal levels (Efron 1979). */
    PERCENTILE,
    /** Bias-corrected and accelerated quantiles, acceleration from the jackknife (Efron 1987, JASA 82:171). */
    BCA
}
