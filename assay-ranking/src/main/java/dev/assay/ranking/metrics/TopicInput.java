package dev.assay.ranking.metrics;

import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.TopicRanking;

/**
 * What a family's {@link Family#calc} reads for one topic: the run's ranking for it in trec_eval's order
 * (under -c, a topic the run lacks gets trec_eval's one-document stand-in ranking), the judgments and
 * the options; {@link #rels()} is built once per topic and shared by the families.
 */
final class TopicInput {
    final String topic;
    final TopicRanking ranking;
    final Qrels qrels;
    final EvalOptions options;
    final String runId;
    private TopicRels rels;

    TopicInput(String topic, TopicRanking ranking, Qrels qrels, EvalOptions options, String runId) {
        this.topic = topic;
        this.ranking = ranking;
        this.qrels = qrels;
        this.options = options;
        this.runId = runId;
    }

    /** trec_eval's {@code te_form_res_rels} for this topic. */
    TopicRels rels() {
        if (rels == null) {
            rels = TopicRels.of(qrels, ranking, options);
        }
        return rels;
    }

    /** The relevance level of {@code -l}. */
    int relevanceLevel() {
        return options.relevanceLevel();
    }
}
