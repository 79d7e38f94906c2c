package dev.assay.ranking.metrics;

import dev.assay.ranking.trec.Qrels;

/** What a family's own summary ({@link Family#summarize}) may read: the judgments and the options of the evaluation. */
record EvalRun(Qrels qrels, EvalOptions options) {}
