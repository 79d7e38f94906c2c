package dev.assay.ranking.metrics;

import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import dev.assay.ranking.trec.TopicRanking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates runs against qrels the way trec_eval v10 does ({@code trec_eval.c}): documents ranked by
 * score descending then docno descending, each family as in its {@code m_*.c} source, topics in the
 * qrels' order; averaged over the topics in both files ({@link TopicScope#COMMON}) or over every qrels
 * topic ({@link TopicScope#ALL_QRELS}, -c, where a topic the run lacks is evaluated on trec_eval's
 * one-document stand-in ranking). Topics of the run that the qrels lack are ignored, as in trec_eval.
 */
public final class TrecEval {
    /** The document trec_eval's stand-in ranking for a missing topic retrieves (-c). */
    static final String MISSING_TOPIC_DOCNO = "ceci_nest_pas_un_docno";

    private TrecEval() {}

    /** Evaluates {@code run} on {@code measures}; a run with no topic in common with the qrels gives a no-data evaluation. */
    public static RunScores evaluate(Qrels qrels, Run run, List<Measure> measures, EvalOptions options) {
        Objects.requireNonNull(qrels, "qrels");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(options, "options");
        if (measures.isEmpty()) {
            throw new IllegalArgumentException("at least one measure is needed");
        }
        List<Group> groups = groups(measures);
        List<String> topics = new ArrayList<>();
        List<TopicRanking> rankings = new ArrayList<>();
        int common = 0;
        for (String t : qrels.topics()) {
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
            TopicInput in = new TopicInput(topics.get(t), ranking, qrels, options, run.runId());
            Arrays.fill(scratch, 0.0);
            for (Group g : groups) {
                g.family.calc(in, g.params, scratch, g.from);
                if (g.family.kind == Family.Kind.TEXT) {
                    if (texts[g.from] == null) {
                        texts[g.from] = new String[topics.size()];
                    }
                    texts[g.from][t] = missing ? "" : g.family.text(in, g.params);
                }
            }
            if (missing) {
                clearMissingTopicLeftovers(measures, scratch);
            }
            for (int m = 0; m < measures.size(); m++) {
                values[m][t] = scratch[m];
            }
        }
        double[] summary = new double[measures.size()];
        EvalRun ctx = new EvalRun(qrels, options);
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
