package dev.assay.fingerprint.drift;

/** The kind of a drift, as {@link DriftDetector#classify()} defines each from the evidence (see {@code DriftClassifier}). */
public enum DriftType {
    /** An abrupt level shift: a jump of the mean at one change point, not explained by trends within the segments. */
    SUDDEN,
    /** A monotone trend (significant Mann–Kendall test) without a dominant jump. */
    GRADUAL,
    /** A recurring pattern: the scores' autocorrelation dips significantly below zero, then peaks again at a lag. */
    PERIODIC,
    /**
     * A new stable regime in how the model answers: the response scores shifted while the inputs' own novelty did
     * not, and the new level holds through the post-change segment.
     */
    CONCEPT,
    /** The high scores driving the alarm concentrate on inputs carrying injection phrases, role tags or obfuscation. */
    ADVERSARIAL
}
