package dev.assay.ranking.router;

import dev.assay.core.InvalidInputException;
import dev.assay.ranking.gating.RoutingData;
import dev.assay.ranking.trec.Run;
import dev.assay.ranking.trec.TopicRanking;
import java.util.List;

/**
 * Per-query context a router sees before it decides: features of the first stage's own top-k
 * scores only (never of the stronger ranker's output, which is what the decision is about).
 * Each feature has a monotonicity constraint for the teacher: -1 when a larger value should
 * never predict a larger upshift gain, 0 when unconstrained.
 *
 * <ul>
 *   <li>{@code confidence}: 1 - normalised entropy of the softmax of the min-max scaled top-k
 *       scores ({@link RoutingData#confidence}); constrained -1.</li>
 *   <li>{@code top_gap}: (s1 - s2) / (s1 - sk); constrained -1.</li>
 *   <li>{@code top_z}: (s1 - mean) / sd of the top-k scores; unconstrained.</li>
 *   <li>{@code flatness}: mean of the min-max scaled top-k scores (1 = all tied with the top);
 *       unconstrained.</li>
 * </ul>
 */
public record ContextFeatures(List<String> names, int[] monotone, List<String> topics, double[][] rows) {
    public static final List<String> NAMES = List.of("confidence", "top_gap", "top_z", "flatness");
    private static final int[] MONOTONE = {-1, -1, 0, 0};

    public ContextFeatures {
        names = List.copyOf(names);
        topics = List.copyOf(topics);
        if (monotone.length != names.size())
            throw new InvalidInputException("one monotonicity constraint per feature is needed, but had "
                    + monotone.length + " for " + names.size() + " features");
        if (rows.length != topics.size())
            throw new InvalidInputException("one feature row per topic is needed, but had " + rows.length + " for " + topics.size());
        for (int m : monotone)
            if (m < -1 || m > 1) throw new InvalidInputException("a monotonicity constraint must be -1, 0 or 1, but was " + m);
        double[][] copy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != names.size())
                throw new InvalidInputException("topic " + topics.get(i) + " has " + rows[i].length + " features, expected " + names.size());
            for (double v : rows[i])
                if (!Double.isFinite(v)) throw new InvalidInputException("topic " + topics.get(i) + " has a non-finite feature " + v);
            copy[i] = rows[i].clone();
        }
        monotone = monotone.clone();
        rows = copy;
    }

    /** The features of {@code firstStage}'s rankings of {@code topics}, from their top {@code k} scores. */
    public static ContextFeatures of(Run firstStage, List<String> topics, int k) {
        if (k < 2) throw new InvalidInputException("k must be >= 2, but was " + k);
        double[][] rows = new double[topics.size()][];
        for (int i = 0; i < rows.length; i++) {
            TopicRanking r = firstStage.ranking(topics.get(i));
            if (r == null || r.size() < 2)
                throw new InvalidInputException("run " + firstStage.runId() + " has fewer than two documents for topic " + topics.get(i));
            rows[i] = row(r, k);
        }
        return new ContextFeatures(NAMES, MONOTONE, topics, rows);
    }

    static double[] row(TopicRanking r, int k) {
        int m = Math.min(k, r.size());
        double hi = r.score(0);
        double lo = r.score(m - 1);
        double range = hi - lo;
        double mean = 0;
        for (int i = 0; i < m; i++) mean += r.score(i);
        mean /= m;
        double var = 0;
        for (int i = 0; i < m; i++) var += (r.score(i) - mean) * (r.score(i) - mean);
        double sd = Math.sqrt(var / m);
        double flat = 1;
        if (range > 0) {
            flat = 0;
            for (int i = 0; i < m; i++) flat += (r.score(i) - lo) / range;
            flat /= m;
        }
        return new double[] {RoutingData.confidence(r, k), RoutingData.topGap(r, k), sd > 0 ? (hi - mean) / sd : 0, flat};
    }

    /** The rows of several feature sets (same features) stacked, e.g. several first-stage rankers routed to one upshift. */
    public static ContextFeatures concat(List<ContextFeatures> parts) {
        if (parts.isEmpty()) throw new InvalidInputException("nothing to concatenate");
        ContextFeatures first = parts.get(0);
        List<String> topics = new java.util.ArrayList<>();
        List<double[]> rows = new java.util.ArrayList<>();
        for (ContextFeatures p : parts) {
            if (!p.names.equals(first.names) || !java.util.Arrays.equals(p.monotone, first.monotone))
                throw new InvalidInputException("feature sets differ: " + p.names + " vs " + first.names);
            topics.addAll(p.topics);
            rows.addAll(List.of(p.rows));
        }
        return new ContextFeatures(first.names, first.monotone, topics, rows.toArray(double[][]::new));
    }

    public int size() {
        return rows.length;
    }

    /** The rows at {@code idx}, in that order. */
    public double[][] rows(int[] idx) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) out[i] = rows[idx[i]];
        return out;
    }
}
