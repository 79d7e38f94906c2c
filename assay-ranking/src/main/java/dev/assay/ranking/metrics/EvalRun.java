package dev.assay.ranking.metrics;

import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.RelInfo;

/** What a family's own summary ({@link Family#summarize}) may read: the relevance information and the options of the evaluation. */
record EvalRun(RelInfo rel, EvalOptions options) {
    /** The judgments when the relevance information is qrels ({@code -R qrels}), else null. */
    Qrels qrels() {
        return rel instanceof Qrels q ? q : null;
    }
}
