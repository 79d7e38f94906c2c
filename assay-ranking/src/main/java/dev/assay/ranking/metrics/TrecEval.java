package dev.assay.ranking.metrics;

import dev.assay.core.InvalidInputException;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.RelInfo;
import dev.assay.ranking.trec.Run;
import dev.assay.ranking.trec.ZScores;
import dev.assay.ranking.trec.TopicRanking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates runs against relevance information the way trec_eval v10 does ({@code trec_eval.c}): documents
 * ranked by score descending then docno descending, each family as in its {@code m_*.c} source, topics in the
 * relevance file's order; averaged over the topics in both files ({@link TopicScope#COMMON}) or over every
 * judged topic ({@link TopicScope#ALL_QRELS}, -c, where a topic the run lacks is evaluated on trec_eval's
 * one-document stand-in ranking). Topics of the run that the relevance file lacks are ignored, as in trec_eval.
 * The relevance information is qrels, qrels_jg or prefs ({@code -R}, {@link RelInfo}); each family reads the
 * format it needs, and asking a family for a format it cannot read is an error before anything is computed.
 * With {@link EvalOptions#zScores()} ({@code -Z}), each topic's values become z-scores before they are summarised.
 */
public final class TrecEval {
    /** The document trec_eval's stand-in ranking for a missing topic retrieves (-c). */
    static final String MISSING_TOPIC_DOCNO = "ceci_nest_pas_un_docno";

    private TrecEval() {}

    /** Evaluates {@code run} on {@code measures}; a run with no topic in common with the qrels gives a no-data evaluation. */
    public static RunScores evaluate(Qrels qrels, Run run, List<Measure> measures, EvalOptions options) {
        return evaluate((RelInfo) qrels, run, measures, options);
    }

    /**
     * Evaluates {@code run} on {@code measures} against relevance information in any format ({@code -R}); a run with
     * no topic in common with it gives a no-data evaluation.
     *
     * @throws InvalidInputException when a measure cannot be computed from relevance in {@code rel}'s format (the
     *     {@code prefs_*} families need prefs or qrels_prefs, the {@code *_avgjg} ones qrels_jg, most others qrels)
     */
    public static RunScores evaluate(RelInfo rel, Run run, List<Measure> measures, EvalOptions options) {
        Objects.requireNonNull(rel, "rel");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(options, "options");
        if (measures.isEmpty()) {
            throw new IllegalArgumentException("at least one measure is needed");
        }
        for (Measure m : measures) {
            Family.Needs needs = m.family.needs();
            if (!needs.accepts(rel.format())) {
                throw new InvalidInputException("measure " + m.name() + " needs relevance in trec_eval's " + needs.formats()
                        + " format (-R), but " + rel.source() + " was read as " + rel.format().trecName());
            }
        }
        ZScores z = options.zScores();
        List<Group> groups = groups(measures);
        List<String> topics = new ArrayList<>();
        List<TopicRanking> rankings = new ArrayList<>();
        int common = 0;
        for (String t : rel.topics()) {
            TopicRanking ranking = run.ranking(t);
            if (ranking != null) {
                common++;
            } else if (options.scope() == TopicScope.ALL_QRELS) {
                ranking = TopicRanking.of(t, new String[] {MISSING_TOPIC_DOCNO}, new double[] {1.0});
            }
            if (ranking != null) {
                topics.add(t);
                rankings.add(ranking);
            }
        }
        double[][] values = new double[measures.size()][topics.size()];
        String[][] texts = new String[measures.size()][];
        double[] scratch = new double[measures.size()];
        for (int t = 0; t < topics.size(); t++) {
            TopicRanking ranking = rankings.get(t);
            boolean missing = run.ranking(topics.get(t)) == null;
            TopicInput in = new TopicInput(topics.get(t), ranking, rel, options, run.runId());
            Arrays.fill(scratch, 0.0);
            for (Group g : groups) {
                g.family.calc(in, g.params, scratch, g.from);
                if (g.family.kind == Family.Kind.TEXT) {
                    if (texts[g.from] == null) {
                        texts[g.from] = new String[topics.size()];
                    }
                    // trec_eval clears the stand-in's string only for the value named exactly "relstring" (no parameters)
                    texts[g.from][t] = missing && measures.get(g.from).name().equals("relstring") ? "" : g.family.text(in, g.params);
                }
            }
            if (missing) {
                clearMissingTopicLeftovers(measures, scratch);
            }
            if (z != null) {
                toZScores(z, topics.get(t), measures, scratch);
            }
            for (int m = 0; m < measures.size(); m++) {
                values[m][t] = scratch[m];
            }
        }
        double[] summary = new double[measures.size()];
        EvalRun ctx = new EvalRun(rel, options);
        for (int m = 0; m < measures.size(); m++) {
            double sum = 0.0;
            for (double v : values[m]) {
                sum += v;
            }
            summary[m] = measures.get(m).family.summarize(sum, topics.size(), ctx);
        }
        return new RunScores(run.runId(), measures, topics, values, summary, texts, common, options);
    }

    /** trec_eval's clean-up after the stand-in ranking of a missing topic: these values are zero, not the stand-in's. */
    private static void clearMissingTopicLeftovers(List<Measure> measures, double[] values) {
        for (int m = 0; m < measures.size(); m++) {
            String n = measures.get(m).name();
            if (n.equals("num_ret") || n.equals("utility") || n.startsWith("unj") || n.equals("rbp_resid")) {
                values[m] = 0.0;
            }
        }
    }

    /**
     * trec_eval's {@code te_convert_to_zscore} on one topic's values, after the missing-topic clean-up and before they
     * are accumulated, as {@code trec_eval.c} does: each value, by its printed name, becomes a z-score.
     */
    private static void toZScores(ZScores z, String topic, List<Measure> measures, double[] values) {
        for (int m = 0; m < measures.size(); m++) {
            Measure x = measures.get(m);
            if (x.numeric()) {
                values[m] = z.convert(topic, x.name(), values[m]);
            }
        }
    }

    /** One topic's value of {@code measure} for a ranking (e.g. a live query's), judged by {@code qrels}. */
    public static double evaluateTopic(Qrels qrels, TopicRanking ranking, Measure measure, int relevanceLevel) {
        double[] out = new double[1];
        measure.family.calc(new TopicInput(ranking.topic(), ranking, qrels, new EvalOptions(relevanceLevel, TopicScope.COMMON), ""),
                measure.params, out, 0);
        return out[0];
    }

    /** Consecutive measures of one family, computed together: {@code measures[from, from + width)}. */
    private record Group(Family family, Params params, int from) {}

    private static List<Group> groups(List<Measure> measures) {
        List<Group> out = new ArrayList<>();
        int i = 0;
        while (i < measures.size()) {
            Family f = measures.get(i).family;
            int j = i + 1;
            while (j < measures.size() && measures.get(j).family == f) {
                j++;
            }
            List<Measure> run = measures.subList(i, j);
            boolean ascending = true;
            for (int k = i + 1; k < j; k++) {
                ascending &= measures.get(k - 1).cutoff() < measures.get(k).cutoff();
            }
            switch (ascending ? f.shape : Family.Shape.SINGLE) {
                case CUT_LONG -> out.add(new Group(f, Params.longCutoffs(run.stream().mapToLong(m -> m.params.longs()[0]).toArray()), i));
                case CUT_DOUBLE -> out.add(new Group(f, Params.doubleCutoffs(run.stream().mapToDouble(m -> m.params.doubles()[0]).toArray()), i));
                default -> {
                    for (int k = i; k < j; k++) {
                        out.add(new Group(f, measures.get(k).params, k));
                    }
                }
            }
            i = j;
        }
        return out;
    }
}
