package dev.assay.ranking.release;

/** How a quality guard bounds the mean paired per-topic delta. */
public enum QualityMethod {
    /** One-sided percentile bootstrap lower bound. */
    BOOTSTRAP_PERCENTILE,
    /** One-sided bias-corrected and accelerated bootstrap lower bound. */
    BOOTSTRAP_BCA,
    /** One-sided sign-flip randomization test of non-inferiority; the bound reported is the percentile bootstrap's. */
    RANDOMIZATION
}
