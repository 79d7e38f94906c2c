package dev.assay.ranking.compare;

import dev.assay.core.progress.Progress;
import dev.assay.core.stats.ConfidenceBound;
import dev.assay.core.stats.Holm;
import dev.assay.core.stats.Interval;
import dev.assay.core.stats.PairedBootstrap;
import dev.assay.core.stats.Randomization;
import dev.assay.core.stats.Tail;
import dev.assay.core.stats.TestResult;
import dev.assay.ranking.figure.TopicDelta;
import dev.assay.ranking.metrics.EvalOptions;
import dev.assay.ranking.metrics.Jaccard;
import dev.assay.ranking.metrics.Measure;
import dev.assay.ranking.metrics.Measures;
import dev.assay.ranking.metrics.PairedScores;
import dev.assay.ranking.metrics.RunScores;
import dev.assay.ranking.metrics.TrecEval;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import dev.assay.ranking.trec.TopicRanking;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Compares run B with run A on the same qrels, measure by measure, descriptively (no verdict).
 *
 * <p>Topics are those {@link PairedScores#align} pairs: in both runs and the qrels (trec_eval's
 * default), or every qrels topic under {@code -c}. Per measure, on the per-topic deltas B - A: the
 * mean; a two-sided BCa paired-bootstrap interval at level 1 - alpha (Efron 1987, JASA 82:171); a
 * two-sided sign-flip p-value of mean 0 (Fisher 1935; Good 2005), exact over all 2^n sign patterns
 * for n <= {@value Randomization#MAX_EXACT_SIZE} topics and Monte Carlo with the seed above; Holm's
 * adjustment of those p-values across the measures (Holm 1979); wins, ties and losses; and the
 * standardized effect mean / sd. Jaccard@{@value #OVERLAP_K} is averaged over the topics both runs
 * rank and the qrels judge. Cost: two trec_eval passes plus O(B n) per measure.
 */
public final class RunComparison {
    /** Deltas smaller than this in absolute value are ties. */
    public static final double TIE = 1e-12;
    /** The depth of the overlap reported. */
    public static final int OVERLAP_K = 10;

    private RunComparison() {}

    /** Compares {@code b} against {@code a}: every delta is B - A. */
    public static ComparisonReport compare(Qrels qrels, Run a, Run b, CompareOptions options) {
        return compare(qrels, a, b, options, Progress.none());
    }

    /** As {@link #compare(Qrels, Run, Run, CompareOptions)}, reporting the resampling to {@code progress}; the report does not depend on it. */
    public static ComparisonReport compare(Qrels qrels, Run a, Run b, CompareOptions options, Progress progress) {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(qrels, "qrels");
        Objects.requireNonNull(options, "options");
        List<Measure> measures = measures(options.measures());
        EvalOptions eval = new EvalOptions(1, options.scope());
        RunScores ea = TrecEval.evaluate(qrels, a, measures, eval);
        RunScores eb = TrecEval.evaluate(qrels, b, measures, eval);
        ComparisonReport.RunLabel la = new ComparisonReport.RunLabel(a.runId(), a.source());
        ComparisonReport.RunLabel lb = new ComparisonReport.RunLabel(b.runId(), b.source());

        List<PairedScores> paired = new ArrayList<>(measures.size());
        for (Measure m : measures) paired.add(PairedScores.align(eb, ea, m));
        if (paired.get(0).size() == 0) {
            return new ComparisonReport(ComparisonReport.Status.NO_DATA, la, lb, options.scope(), 0, List.of(), Double.NaN, 0,
                    options.alpha(), options.resamples(), options.seed());
        }
        double[] p = new double[paired.size()];
        List<MeasureComparison> out = new ArrayList<>(paired.size());
        try (Progress.Task task = progress.start("compare resampling", resamplingUnits(paired, options.resamples()))) {
            for (int i = 0; i < p.length; i++) p[i] = pValue(paired.get(i).deltas(), options, task);
            double[] holm = Holm.adjust(p);
            for (int i = 0; i < paired.size(); i++) out.add(measure(paired.get(i), p[i], holm[i], options, task));
        }

        List<String> topics = paired.get(0).topics();
        double jaccard = 0;
        int overlapTopics = 0;
        for (String t : topics) {
            TopicRanking ra = a.ranking(t);
            TopicRanking rb = b.ranking(t);
            if (ra == null || rb == null) continue; // -c: a qrels topic one run lacks has no overlap to speak of
            jaccard += Jaccard.atK(ra, rb, OVERLAP_K);
            overlapTopics++;
        }
        return new ComparisonReport(ComparisonReport.Status.COMPARED, la, lb, options.scope(), topics.size(), out,
                overlapTopics == 0 ? Double.NaN : jaccard / overlapTopics, overlapTopics, options.alpha(), options.resamples(),
                options.seed());
    }

    /**
     * The measures the specs name, in the order given, each once; conflicting parameters are refused. Only
     * measures whose summary is a mean of per-topic values can be compared topic by topic: counts
     * ({@code num_rel}), geometric means ({@code gm_map}) and text ({@code relstring}) are refused by name.
     */
    static List<Measure> measures(List<String> specs) {
        Measures.parseAll(specs);
        Set<Measure> ordered = new LinkedHashSet<>();
        for (String s : specs) ordered.addAll(Measures.parse(s));
        List<String> refused = ordered.stream().filter(m -> !m.averaged()).map(Measure::name).toList();
        if (!refused.isEmpty()) {
            throw new dev.assay.core.InvalidInputException("cannot compare " + String.join(", ", refused)
                    + " topic by topic: its summary is not a mean of per-topic values (use measures such as map, P, ndcg)");
        }
        return List.copyOf(ordered);
    }

    /** Monte Carlo draws of the comparison: a sign-flip test unless exact, and a bootstrap when there are two topics or more. */
    private static long resamplingUnits(List<PairedScores> paired, int resamples) {
        long units = 0;
        for (PairedScores s : paired) {
            int n = s.deltas().length;
            if (n > Randomization.MAX_EXACT_SIZE) units += resamples;
            if (n >= 2) units += resamples;
        }
        return units;
    }

    private static double pValue(double[] deltas, CompareOptions options, Progress.Task task) {
        TestResult t = deltas.length <= Randomization.MAX_EXACT_SIZE
                ? Randomization.signFlipExact(deltas, Tail.TWO_SIDED)
                : Randomization.signFlip(deltas, Tail.TWO_SIDED, options.resamples(), options.seed(), task);
        return t.pValue();
    }

    private static MeasureComparison measure(PairedScores s, double p, double holm, CompareOptions options, Progress.Task task) {
        double[] d = s.deltas();
        int n = d.length;
        double mean = mean(d);
        double ss = 0;
        for (double v : d) ss += (v - mean) * (v - mean);
        double sd = n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1));
        double lower = Double.NaN;
        double upper = Double.NaN;
        if (n >= 2) {
            ConfidenceBound ci = PairedBootstrap.ofDeltas(d, options.resamples(), options.seed(), task)
                    .twoSided(Interval.BCA, options.alpha());
            lower = ci.lower();
            upper = ci.upper();
        }
        int wins = 0;
        int losses = 0;
        for (double v : d) {
            if (v >= TIE) wins++;
            else if (v <= -TIE) losses++;
        }
        return new MeasureComparison(s.measure().name(), n, mean(s.production()), mean(s.candidate()), mean, lower, upper, p,
                holm, wins, n - wins - losses, losses, sd > 0 ? mean / sd : Double.NaN, TopicDelta.sorted(s.topics(), d));
    }

    /** The mean as {@link PairedBootstrap#mean()} computes it, so that deltas agree with the release gate's to the bit. */
    private static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) s += x;
        return s / xs.length;
    }
}
