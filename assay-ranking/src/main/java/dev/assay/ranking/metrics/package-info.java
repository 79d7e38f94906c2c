/**
 * trec_eval v10's whole measure table, each family ported from its {@code m_*.c} source and computed
 * exactly as trec_eval computes it (per topic, summarised, printed byte for byte), with its options
 * ({@code -c -l -J -M -N -Z}) and relevance formats ({@code -R qrels | qrels_jg | prefs | qrels_prefs});
 * plus Jaccard@k between two rankings and per-topic aligned arrays for paired comparisons.
 *
 * <p>Entry points: {@link dev.assay.ranking.metrics.Measures#parseAll} for trec_eval's {@code -m}
 * syntax and nicknames, {@link dev.assay.ranking.metrics.TrecEval#evaluate} for one run,
 * {@link dev.assay.ranking.metrics.RunScores#trecEvalText} for trec_eval's output,
 * {@link dev.assay.ranking.metrics.PairedScores#align} for candidate vs production per topic.
 */
package dev.assay.ranking.metrics;
