package dev.assay.ranking.metrics;

import dev.assay.core.InvalidInputException;
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
     *
     * @throws InvalidInputException when the two share no topic (NO_DATA), naming both runs
     */
    public static PairedScores align(RunEvaluation candidate, RunEvaluation production, Measure measure) {
        List<String> topics = new ArrayList<>();
        for (String t : candidate.topics()) {
            if (production.hasTopic(t)) {
                topics.add(t);
            }
        }
        if (topics.isEmpty() || !candidate.hasData() || !production.hasData()) {
            throw new InvalidInputException("NO_DATA: runs " + candidate.runId() + " and " + production.runId()
                    + " have no judged topic in common");
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
