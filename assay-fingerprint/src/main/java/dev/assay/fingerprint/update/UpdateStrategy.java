package dev.assay.fingerprint.update;

/** How a {@link LiveSignature} weighs the responses it has seen. */
public enum UpdateStrategy {
    /** Every response's weight is multiplied by {@link UpdateParams#lambda()} at each later response. */
    EXPONENTIAL_DECAY,
    /** The last {@link UpdateParams#windowSize()} responses, with equal weight. */
    SLIDING_WINDOW,
    /**
     * Exponential decay whose factor is {@link UpdateParams#lambdaFast()} for a surprising response and
     * {@link UpdateParams#lambdaSlow()} otherwise.
     */
    ADAPTIVE_WEIGHTING,
    /** A uniform random sample of {@link UpdateParams#reservoirSize()} of all the responses, with equal weight. */
    RESERVOIR_SAMPLING
}
