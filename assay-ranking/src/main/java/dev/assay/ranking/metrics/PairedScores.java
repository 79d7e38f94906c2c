package dev.assay.ranking.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One measure's per-topic values for a candidate and the production ranker, aligned by topic:
 * {@code candidate[i]} and {@code production[i]} are both for {@code topics.get(i)}.
 */
public record PairedScores(Measure measure, List<String> topics, double[] candidate, double[] production) {
    public PairedScores {
        Objects.requireNonNull(measure, "measure");
        topics = List.copyOf(topics);
        candidate = candidate.clone();
        production = production.clone();
        if (candidate.length != topics.size() || production.length != topics.size()) {
            throw new IllegalArgumentException("arrays must have one value per topic (" + topics.size()
                    + "), but were " + candidate.length + " and " + production.length);
        }
    }

    /**
     * Aligns two evaluations of {@code measure} on the topics both contain, in trec_eval order. With
     * {@link TopicScope#ALL_QRELS} on both sides that is every qrels topic (a missing one scores 0).
     * When they share no topic the pairing is empty ({@link #size()} 0): NO_DATA, for the caller
     * to report, never a 0.
     */
    public static PairedScores align(RunScores candidate, RunScores production, Measure measure) {
        if (!candidate.hasData() || !production.hasData()) return new PairedScores(measure, List.of(), new double[0], new double[0]);
        List<String> topics = new ArrayList<>();
        for (String t : candidate.topics()) {
            if (production.hasTopic(t)) {
                topics.add(t);
            }
        }
        double[] c = new double[topics.size()];
        double[] p = new double[topics.size()];
        for (int i = 0; i < topics.size(); i++) {
            c[i] = candidate.value(measure, topics.get(i));
            p[i] = production.value(measure, topics.get(i));
        }
        return new PairedScores(measure, topics, c, p);
    }

    /** Number of paired topics. */
    public int size() {
        return topics.size();
    }

    /** candidate - production, per topic. */
    public double[] deltas() {
        double[] d = new double[candidate.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = candidate[i] - production[i];
        }
        return d;
    }

    @Override
    public double[] candidate() {
        return candidate.clone();
    }

    @Override
    public double[] production() {
        return production.clone();
    }
}
