package dev.assay.ranking.harvest;

/** When a measurement pass ran. */
public enum Phase {
    /** First pass over a freshly opened reader and searcher. */
    COLD,
    /** A pass after the warm-up passes on the same reader. */
    WARM
}
