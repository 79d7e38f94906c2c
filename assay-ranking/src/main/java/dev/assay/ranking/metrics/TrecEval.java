package dev.assay.ranking.metrics;

import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import dev.assay.ranking.trec.TopicRanking;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates runs against qrels the way trec_eval v10 does: documents ranked by score descending
 * then docno descending, measures as in its {@code m_*.c} sources, topics averaged over those in
 * both files ({@link TopicScope#COMMON}) or over all qrels topics ({@link TopicScope#ALL_QRELS}, -c).
 * Topics of the run that the qrels lack are ignored, as in trec_eval.
 */
public final class TrecEval {
    private TrecEval() {}

    /** Evaluates {@code run} on {@code measures}; a run with no topic in common with the qrels gives a no-data evaluation. */
    public static RunScores evaluate(Qrels qrels, Run run, List<Measure> measures, EvalOptions options) {
        Objects.requireNonNull(qrels, "qrels");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(options, "options");
        if (measures.isEmpty()) {
            throw new IllegalArgumentException("at least one measure is needed");
        }
        List<String> topics = new ArrayList<>();
        int common = 0;
        for (String t : qrels.topics()) {
            boolean answered = run.ranking(t) != null;
            if (answered) {
                common++;
            }
            if (answered || options.scope() == TopicScope.ALL_QRELS) {
                topics.add(t);
            }
        }
        double[][] values = new double[measures.size()][topics.size()];
        for (int t = 0; t < topics.size(); t++) {
            String topic = topics.get(t);
            TopicRanking ranking = run.ranking(topic);
            if (ranking == null) {
                continue; // -c: a missing topic scores 0 on every measure
            }
            int[] rels = qrels.levels(ranking);
            int[] counts = qrels.levelCounts(topic);
            for (int m = 0; m < measures.size(); m++) {
                values[m][t] = TopicMetrics.compute(measures.get(m), rels, counts, options.relevanceLevel());
            }
        }
        return new RunScores(run.runId(), measures, topics, values, common, options);
    }

    /** One topic's value of {@code measure} for a ranking (e.g. a live query's), judged by {@code qrels}. */
    public static double evaluateTopic(Qrels qrels, TopicRanking ranking, Measure measure, int relevanceLevel) {
        return TopicMetrics.compute(measure, qrels.levels(ranking), qrels.levelCounts(ranking.topic()), relevanceLevel);
    }
}
