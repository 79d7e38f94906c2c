package dev.assay.fingerprint.probe;

/** How {@link ProbeSelector} orders probes. */
public enum Strategy {
    /**
     * Greedy on the candidates' pairwise per-probe separation: each next probe adds the most separation to the pairs
     * the chosen probes leave confused (a pair's weight is e^-B, B its Bhattacharyya distance so far).
     */
    INFORMATION_GAIN,
    /** Adaptive: the same criterion with each pair weighted by the posterior of both candidates after the answers so far. */
    UNCERTAINTY,
    /** No model knowledge: farthest-point order over the prompts' text vectors (max-min distance). */
    DIVERSITY,
    /** A seeded random order: the baseline. */
    RANDOM
}
