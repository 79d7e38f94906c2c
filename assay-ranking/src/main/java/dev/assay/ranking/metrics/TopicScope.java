package dev.assay.ranking.metrics;

/** Which topics a run is averaged over. */
public enum TopicScope {
    /** Topics in both the qrels and the run (trec_eval's default). */
    COMMON,
    /** Every qrels topic, a topic the run lacks scoring 0 on every measure (trec_eval {@code -c}). */
    ALL_QRELS
}
