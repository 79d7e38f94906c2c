package dev.assay.ranking.metrics;

import dev.assay.ranking.trec.Prefs;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.QrelsJg;
import dev.assay.ranking.trec.RelInfo;
import dev.assay.ranking.trec.TopicRanking;
import java.util.ArrayList;
import java.util.List;

/**
 * What a family's {@link Family#calc} reads for one topic: the run's ranking for it in trec_eval's order
 * (under -c, a topic the run lacks gets trec_eval's one-document stand-in ranking), the relevance information
 * and the options. The structures trec_eval forms from ranking and relevance are built once per topic, when
 * a family first asks, and shared by the families: {@link #rels()} (qrels), {@link #jgRels()} (qrels_jg),
 * {@link #prefs()} (prefs and qrels_prefs).
 */
final class TopicInput {
    final String topic;
    final TopicRanking ranking;
    /** The relevance information, in whatever format it was read. */
    final RelInfo rel;
    /** The judgments when {@link #rel} is qrels, else null. */
    final Qrels qrels;
    final EvalOptions options;
    private TopicRels rels;
    private List<TopicRels> jgRels;
    private PrefsCounts prefs;

    TopicInput(String topic, TopicRanking ranking, RelInfo rel, EvalOptions options) {
        this.topic = topic;
        this.ranking = ranking;
        this.rel = rel;
        this.qrels = rel instanceof Qrels q ? q : null;
        this.options = options;
    }

    /** trec_eval's {@code te_form_res_rels} for this topic (qrels). */
    TopicRels rels() {
        if (rels == null) {
            if (qrels == null) {
                throw new IllegalStateException("relevance of " + rel.source() + " is " + rel.format() + ", not qrels");
            }
            rels = TopicRels.of(qrels, ranking, options);
        }
        return rels;
    }

    /** trec_eval's {@code te_form_res_rels_jg} for this topic: one {@link TopicRels} per judgment group, in group order. */
    List<TopicRels> jgRels() {
        if (jgRels == null) {
            if (!(rel instanceof QrelsJg jg)) {
                throw new IllegalStateException("relevance of " + rel.source() + " is " + rel.format() + ", not qrels_jg");
            }
            List<TopicRels> out = new ArrayList<>();
            for (Qrels group : jg.groups(topic)) {
                out.add(TopicRels.of(group, ranking, options));
            }
            jgRels = List.copyOf(out);
        }
        return jgRels;
    }

    /** trec_eval's {@code form_prefs_counts} for this topic (prefs, qrels_prefs). */
    PrefsCounts prefs() {
        if (prefs == null) {
            if (!(rel instanceof Prefs p)) {
                throw new IllegalStateException("relevance of " + rel.source() + " is " + rel.format() + ", not prefs");
            }
            prefs = PrefsCounts.of(p, topic, ranking, options);
        }
        return prefs;
    }

    /** The relevance level of {@code -l}. */
    int relevanceLevel() {
        return options.relevanceLevel();
    }
}
