package dev.assay.core.contract;

/** The outcome of one check on one window. */
public enum Verdict {
    /** The statistic satisfies the comparator. */
    PASS,
    /** The statistic violates the comparator (for a confidence bound: the whole interval is on the wrong side). */
    FAIL,
    /** There is data but not enough to decide: fewer than {@code minSamples}, or a confidence interval straddles the threshold. */
    INCONCLUSIVE,
    /** The window holds no value for the check's metric and slice. */
    NO_DATA
}
