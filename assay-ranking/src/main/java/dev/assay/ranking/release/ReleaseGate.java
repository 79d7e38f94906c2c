package dev.assay.ranking.release;

import dev.assay.core.InvalidInputException;
import dev.assay.core.contract.Verdict;
import dev.assay.core.progress.Progress;
import dev.assay.core.stats.Calibration;
import dev.assay.core.stats.CalibrationError;
import dev.assay.core.stats.ConfidenceBound;
import dev.assay.core.stats.Holm;
import dev.assay.core.stats.Interval;
import dev.assay.core.stats.PairedBootstrap;
import dev.assay.core.stats.PercentileRecorder;
import dev.assay.core.stats.Randomization;
import dev.assay.core.stats.Tail;
import dev.assay.core.stats.TestResult;
import dev.assay.ranking.figure.Histogram;
import dev.assay.ranking.figure.TopicDelta;
import dev.assay.ranking.metrics.PairedScores;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;

/**
 * Evaluates a {@link ReleaseContract}: candidate against the current production ranker,
 * never against itself.
 *
 * <p>Quality guards form one family. Each gets a one-sided sign-flip p-value for
 * non-inferiority (H0: mean delta <= -margin; Good 2005, ch. 3). Holm's step-down
 * (Holm 1979) then visits them in increasing p: the j-th of k (from 0) is tested at level
 * alpha / (k - j), and passes if its lower bound at that level (bootstrap methods) is at
 * least -margin, or if its p-value is at most that level (randomization); the first that
 * does not pass stops the procedure and every later one fails too. With one quality
 * guard this is the plain one-sided test at alpha. This controls the family-wise error of
 * shipping a regression on any guarded measure or slice at alpha.
 */
final class ReleaseGate {
    /** The name of the progress task of the release gate's resampling. */
    static final String RESAMPLING_TASK = "release contract resampling";

    private ReleaseGate() {}

    static ReleaseReport evaluate(ReleaseContract contract, ReleaseInputs inputs, String production, String candidate, Clock clock) {
        return evaluate(contract, inputs, production, candidate, clock, Progress.none());
    }

    /** As above, reporting the resampling (a sign-flip test and a bootstrap per tested quality guard) as one task. */
    static ReleaseReport evaluate(ReleaseContract contract, ReleaseInputs inputs, String production, String candidate, Clock clock,
                                  Progress progress) {
        if (production.equals(candidate)) throw comparedWithItself(candidate);
        Map<Guard, QualityCase> quality = new LinkedHashMap<>(); // guard order: Holm breaks p-value ties by it
        for (Guard g : contract.guards()) if (g instanceof Guard.Quality q) quality.put(q, prepare(q, inputs));
        List<QualityCase> tested = quality.values().stream().filter(qc -> qc.early == null).toList();
        if (!tested.isEmpty()) {
            try (Progress.Task task = progress.start(RESAMPLING_TASK, 2L * tested.size() * contract.resamples())) {
                holm(tested, contract.resamples(), contract.seed(), task);
            }
        }
        List<GuardResult> results = new ArrayList<>(contract.guards().size());
        for (Guard g : contract.guards()) {
            results.add(switch (g) {
                case Guard.Quality q -> quality.get(q).early != null ? quality.get(q).early : quality.get(q).result;
                case Guard.Latency l -> latency(l, inputs.candidateLatencyMs());
                case Guard.TailRatio t -> tailRatio(t, inputs.candidateLatencyMs());
                case Guard.Overlap o -> overlap(o, inputs.overlap());
                case Guard.CalibrationDrift cd -> calibration(cd, inputs);
            });
        }
        return new ReleaseReport(contract.name(), production, candidate, ReleaseReport.combine(results), results,
                contract.resamples(), contract.seed(), clock.instant());
    }

    /** The one refusal of a candidate that is the production ranker itself, whichever way that was found. */
    static InvalidInputException comparedWithItself(String candidate) {
        return new InvalidInputException("the candidate must be compared with the current production ranker, not with itself ("
                + candidate + ")");
    }

    private static final class QualityCase {
        final Guard.Quality guard;
        final double[] deltas;
        final List<TopicDelta> topicDeltas;
        final GuardResult early;
        TestResult test;
        GuardResult result;

        QualityCase(Guard.Quality guard, double[] deltas, List<TopicDelta> topicDeltas, GuardResult early) {
            this.guard = guard;
            this.deltas = deltas;
            this.topicDeltas = topicDeltas;
            this.early = early;
        }
    }

    private static QualityCase prepare(Guard.Quality q, ReleaseInputs in) {
        PairedScores scores = in.scores().get(q.measure());
        if (scores == null)
            return new QualityCase(q, null, null, new GuardResult.NoData(q, "no per-topic values for measure " + q.measure().spec()));
        Set<String> subset = null;
        if (q.slice() != null) {
            subset = in.slices().get(q.slice());
            if (subset == null) return new QualityCase(q, null, null, new GuardResult.NoData(q, "slice " + q.slice() + " is not defined"));
        }
        double[] deltas = deltas(scores, subset);
        List<String> topics = new ArrayList<>(deltas.length);
        for (String t : scores.topics()) if (subset == null || subset.contains(t)) topics.add(t);
        List<TopicDelta> sorted = TopicDelta.sorted(topics, deltas);
        if (deltas.length == 0)
            return new QualityCase(q, null, null, new GuardResult.NoData(q, "no topic judged for both rankers"
                    + (q.slice() == null ? "" : " in slice " + q.slice())));
        if (deltas.length < q.minTopics()) {
            return new QualityCase(q, deltas, sorted, new GuardResult.Quality(q, Verdict.INCONCLUSIVE, mean(deltas), Double.NaN, q.alpha(),
                    Double.NaN, Double.NaN, deltas.length, deltas.length + " paired topics, fewer than the " + q.minTopics() + " required",
                    Optional.empty(), sorted));
        }
        return new QualityCase(q, deltas, sorted, null);
    }

    /** candidate minus production for the topics in {@code subset} ({@code null}: all), in topic order. */
    static double[] deltas(PairedScores scores, Set<String> subset) {
        double[] all = scores.deltas();
        double[] out = new double[all.length];
        int n = 0;
        for (int i = 0; i < all.length; i++) if (subset == null || subset.contains(scores.topics().get(i))) out[n++] = all[i];
        return Arrays.copyOf(out, n);
    }

    private static void holm(List<QualityCase> family, int resamples, long seed, Progress.Task task) {
        int k = family.size();
        if (k == 0) return;
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            QualityCase c = family.get(i);
            double[] shifted = new double[c.deltas.length];
            for (int j = 0; j < shifted.length; j++) shifted[j] = c.deltas[j] + c.guard.margin();
            c.test = Randomization.signFlip(shifted, Tail.UPPER, resamples, seed, task);
            p[i] = c.test.pValue();
        }
        double[] adjusted = Holm.adjust(p);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < k; i++) order.add(i);
        order.sort(Comparator.comparingDouble((Integer i) -> p[i]).thenComparing(i -> i));
        String stoppedAt = null;
        for (int step = 0; step < k; step++) {
            int i = order.get(step);
            QualityCase c = family.get(i);
            Guard.Quality q = c.guard;
            double level = q.alpha() / (k - step);
            Interval interval = q.method() == QualityMethod.BOOTSTRAP_BCA ? Interval.BCA : Interval.PERCENTILE;
            PairedBootstrap bootstrap = PairedBootstrap.ofDeltas(c.deltas, resamples, seed, task);
            ConfidenceBound lcb = bootstrap.lowerBound(interval, level);
            boolean pass;
            String detail;
            String margin = String.format(Locale.ROOT, "-margin %s", plain(q.margin()));
            if (stoppedAt != null) {
                pass = false;
                detail = String.format(Locale.ROOT, "not shown non-inferior: not tested, Holm's step-down stopped at guard %s"
                        + " (mean delta %+.4f)", stoppedAt, lcb.estimate());
            } else if (q.method() == QualityMethod.RANDOMIZATION) {
                pass = c.test.pValue() <= level;
                detail = String.format(Locale.ROOT, "%s at level %s (mean delta %+.4f, one-sided sign-flip p %.4f %s %s, deltas shifted by"
                                + " the margin %s)", pass ? "shown non-inferior" : "not shown non-inferior", plain(level), lcb.estimate(),
                        c.test.pValue(), pass ? "<=" : ">", plain(level), plain(q.margin()));
            } else {
                pass = lcb.lower() >= -q.margin();
                detail = String.format(Locale.ROOT, "%s at alpha %s (mean delta %+.4f, one-sided %s LCB %+.4f %s %s)",
                        pass ? "shown non-inferior" : "not shown non-inferior", plain(level), lcb.estimate(), interval, lcb.lower(),
                        pass ? ">=" : "<", margin);
            }
            if (!pass && stoppedAt == null) stoppedAt = q.name();
            c.result = new GuardResult.Quality(q, pass ? Verdict.PASS : Verdict.FAIL, lcb.estimate(), lcb.lower(), level,
                    c.test.pValue(), adjusted[i], c.deltas.length,
                    q.measure().spec() + (q.slice() == null ? "" : " on slice " + q.slice()) + ": " + detail,
                    Optional.of(Histogram.of(bootstrap.sortedMeans(), Histogram.DEFAULT_MAX_BINS)), c.topicDeltas);
        }
    }

    /** A setting as a person writes it: {@code 0.05}, {@code 0}, {@code 0.0125}; at most 6 significant digits. */
    private static String plain(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static GuardResult latency(Guard.Latency l, double[] ms) {
        if (ms.length == 0) return new GuardResult.NoData(l, "no latency samples");
        double value = percentile(ms, l.percentile());
        Verdict v = ms.length < l.minSamples() ? Verdict.INCONCLUSIVE : value <= l.limitMs() ? Verdict.PASS : Verdict.FAIL;
        return new GuardResult.Latency(l, v, value, ms.length, String.format(Locale.ROOT, "p%s %.3f ms against a limit of %.3f ms%s",
                fmt(l.percentile()), value, l.limitMs(), ms.length < l.minSamples() ? "; fewer than " + l.minSamples() + " samples" : ""));
    }

    private static GuardResult tailRatio(Guard.TailRatio t, double[] ms) {
        if (ms.length == 0) return new GuardResult.NoData(t, "no latency samples");
        double p95 = percentile(ms, 95);
        double p99 = percentile(ms, 99);
        double ratio = p95 > 0 ? p99 / p95 : Double.NaN;
        Verdict v = ms.length < t.minSamples() || Double.isNaN(ratio) ? Verdict.INCONCLUSIVE
                : ratio <= t.maxRatio() ? Verdict.PASS : Verdict.FAIL;
        return new GuardResult.TailRatio(t, v, ratio, p95, p99, ms.length, String.format(Locale.ROOT, "p99 %.3f ms / p95 %.3f ms", p99, p95));
    }

    private static GuardResult overlap(Guard.Overlap o, double[] jaccard) {
        if (jaccard.length == 0) return new GuardResult.NoData(o, "no per-topic overlap values");
        double mean = mean(jaccard);
        Verdict v = mean >= o.minMean() ? Verdict.PASS : Verdict.FAIL;
        return new GuardResult.Overlap(o, v, mean, jaccard.length, "mean Jaccard@" + o.k() + " over " + jaccard.length + " topics");
    }

    private static GuardResult calibration(Guard.CalibrationDrift c, ReleaseInputs in) {
        if (in.production().confidence().length == 0 || in.candidate().confidence().length == 0)
            return new GuardResult.NoData(c, "calibration pairs missing for "
                    + (in.candidate().confidence().length == 0 ? "the candidate" : "production"));
        CalibrationError prod = Calibration.error(in.production().confidence(), in.production().correct(), c.binning(), c.bins());
        CalibrationError cand = Calibration.error(in.candidate().confidence(), in.candidate().correct(), c.binning(), c.bins());
        double drift = cand.ece() - prod.ece();
        Verdict v = drift <= c.maxDrift() ? Verdict.PASS : Verdict.FAIL;
        return new GuardResult.Calibration(c, v, drift, cand.ece(), prod.ece(), in.candidate().confidence().length,
                String.format(Locale.ROOT, "ECE (%s, %d bins) candidate %.4f, production %.4f", c.binning(), c.bins(), cand.ece(), prod.ece()));
    }

    /** Latency percentile from an HdrHistogram at microsecond resolution, 3 significant digits. */
    static double percentile(double[] ms, double p) {
        PercentileRecorder r = PercentileRecorder.create();
        for (double v : ms) r.record(Math.round(v * 1000.0));
        return r.valueAtPercentile(p) / 1000.0;
    }

    private static double mean(double[] xs) {
        return Arrays.stream(xs).sum() / xs.length;
    }

    private static String fmt(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
