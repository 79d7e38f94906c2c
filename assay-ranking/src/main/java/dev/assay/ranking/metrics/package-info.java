/**
 * trec_eval v10 measures ({@code ndcg}, {@code ndcg_cut}, {@code map}, {@code P}, {@code recall},
 * {@code recip_rank}) computed exactly as its {@code m_*.c} sources do, per topic and averaged,
 * plus Jaccard@k between two rankings and per-topic aligned arrays for paired comparisons.
 *
 * <p>Entry points: {@link dev.assay.ranking.metrics.Measures#parse(String)} for trec_eval's
 * {@code -m} syntax, {@link dev.assay.ranking.metrics.TrecEval#evaluate} for one run,
 * {@link dev.assay.ranking.metrics.PairedScores#align} for candidate vs production per topic.
 */
package dev.assay.ranking.metrics;
