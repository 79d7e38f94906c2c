package dev.assay.ranking.metrics;

import dev.assay.core.InvalidInputException;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.RelInfo;
import dev.assay.ranking.trec.Run;
import dev.assay.ranking.trec.ZScores;
import dev.assay.ranking.trec.TopicRanking;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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
        Objects.requireNonNull(run, "run");
        Accumulator acc = new Accumulator(rel, measures, options);
        for (String t : run.topics()) {
            acc.topic(run.ranking(t));
        }
        return acc.finish(run.runId());
    }

    /**
     * Evaluates the run file {@code runFile} (plain or gzip) as {@link #evaluate(RelInfo, Run, List, EvalOptions)} does,
     * reading it as a stream and evaluating each topic as soon as its lines end ({@link Run#forEachTopic}): memory holds
     * the relevance information, one topic and the per-topic values, whatever the file's size. A run whose topics are
     * not each listed in one piece (rare; trec_eval allows it) is read whole instead, in memory proportional to it.
     */
    public static RunScores evaluate(RelInfo rel, Path runFile, List<Measure> measures, EvalOptions options) {
        Accumulator acc = new Accumulator(rel, measures, options);
        String runId = Run.forEachTopic(runFile, acc::topic);
        if (runId == null) {
            return evaluate(rel, Run.read(runFile), measures, options);
        }
        return acc.finish(runId);
    }

    /**
     * One run's evaluation, topic by topic in any order: each topic's values go to its place in the relevance file's
     * topic order, so that the result (and its floating-point sums) do not depend on the order topics arrive in.
     */
    private static final class Accumulator {
        final RelInfo rel;
        final List<Measure> measures;
        final EvalOptions options;
        final List<Group> groups;
        final List<String> relTopics;
        final Map<String, Integer> index = new HashMap<>();
        final double[][] values;
        final String[][] texts;
        final boolean[] present;
        final double[] scratch;
        int common;

        Accumulator(RelInfo rel, List<Measure> measures, EvalOptions options) {
            Objects.requireNonNull(rel, "rel");
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
            this.rel = rel;
            this.measures = measures;
            this.options = options;
            this.groups = groups(measures);
            this.relTopics = rel.topics();
            for (int i = 0; i < relTopics.size(); i++) {
                index.put(relTopics.get(i), i);
            }
            this.values = new double[measures.size()][relTopics.size()];
            this.texts = new String[measures.size()][];
            this.present = new boolean[relTopics.size()];
            this.scratch = new double[measures.size()];
        }

        /** Evaluates one topic of the run; topics the relevance file lacks are ignored, as in trec_eval. */
        void topic(TopicRanking ranking) {
            Integer i = index.get(ranking.topic());
            if (i == null) {
                return;
            }
            present[i] = true;
            common++;
            compute(i, ranking, false);
        }

        private void compute(int t, TopicRanking ranking, boolean missing) {
            String topic = relTopics.get(t);
            TopicInput in = new TopicInput(topic, ranking, rel, options);
            Arrays.fill(scratch, 0.0);
            for (Group g : groups) {
                g.family.calc(in, g.params, scratch, g.from);
                if (g.family.kind == Family.Kind.TEXT) {
                    if (texts[g.from] == null) {
                        texts[g.from] = new String[relTopics.size()];
                    }
                    // trec_eval clears the stand-in's string only for the value named exactly "relstring" (no parameters)
                    texts[g.from][t] = missing && measures.get(g.from).name().equals("relstring") ? "" : g.family.text(in, g.params);
                }
            }
            if (missing) {
                clearMissingTopicLeftovers(measures, scratch);
            }
            if (options.zScores() != null) {
                toZScores(options.zScores(), topic, measures, scratch);
            }
            for (int m = 0; m < measures.size(); m++) {
                values[m][t] = scratch[m];
            }
        }

        /** The evaluation: under -c, the topics the run lacks on trec_eval's stand-in ranking; the summaries. */
        RunScores finish(String runId) {
            boolean all = options.scope() == TopicScope.ALL_QRELS;
            List<String> topics = new ArrayList<>();
            int n = 0;
            for (int t = 0; t < relTopics.size(); t++) {
                if (!present[t] && all) {
                    compute(t, TopicRanking.of(relTopics.get(t), new String[] {MISSING_TOPIC_DOCNO}, new double[] {1.0}), true);
                }
                if (present[t] || all) {
                    topics.add(relTopics.get(t));
                    n++;
                }
            }
            double[][] kept = new double[measures.size()][n];
            String[][] keptTexts = new String[measures.size()][];
            for (int m = 0; m < measures.size(); m++) {
                if (texts[m] != null) {
                    keptTexts[m] = new String[n];
                }
                for (int t = 0, k = 0; t < relTopics.size(); t++) {
                    if (present[t] || all) {
                        kept[m][k] = values[m][t];
                        if (texts[m] != null) {
                            keptTexts[m][k] = texts[m][t];
                        }
                        k++;
                    }
                }
            }
            double[] summary = new double[measures.size()];
            EvalRun ctx = new EvalRun(rel, options);
            for (int m = 0; m < measures.size(); m++) {
                double sum = 0.0;
                for (double v : kept[m]) {
                    sum += v;
                }
                summary[m] = measures.get(m).family.summarize(sum, n, ctx);
            }
            return new RunScores(runId, measures, topics, kept, summary, keptTexts, common, options);
        }
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
        measure.family.calc(new TopicInput(ranking.topic(), ranking, qrels, new EvalOptions(relevanceLevel, TopicScope.COMMON)),
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
