package dev.assay.ranking.metrics;

import dev.assay.ranking.trec.Run;
import dev.assay.ranking.trec.TopicRanking;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Jaccard@k: |A ∩ B| / |A ∪ B| of the top-k docnos of two rankings of one topic (in trec_eval order). */
public final class Jaccard {
    private Jaccard() {}

    /** Per-topic Jaccard@k over the topics both runs rank, in trec_eval order. */
    public record TopicOverlaps(int k, List<String> topics, double[] values) {
        public TopicOverlaps {
            topics = List.copyOf(topics);
            values = values.clone();
        }

        /** The mean over topics (NaN when there is none). */
        public double mean() {
            double s = 0;
            for (double v : values) {
                s += v;
            }
            return values.length == 0 ? Double.NaN : s / values.length;
        }

        @Override
        public double[] values() {
            return values.clone();
        }
    }

    /** Jaccard@k of two rankings; 1 when both are empty. */
    public static double atK(TopicRanking a, TopicRanking b, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, but was " + k);
        }
        int na = Math.min(k, a.size());
        int nb = Math.min(k, b.size());
        if (na == 0 && nb == 0) {
            return 1.0;
        }
        Set<String> top = new HashSet<>(2 * na);
        for (int i = 0; i < na; i++) {
            top.add(a.docno(i));
        }
        int both = 0;
        for (int i = 0; i < nb; i++) {
            if (top.contains(b.docno(i))) {
                both++;
            }
        }
        return both / (double) (na + nb - both);
    }

    /** Jaccard@k per topic for the topics both runs rank. */
    public static TopicOverlaps perTopic(Run a, Run b, int k) {
        List<String> topics = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (String t : a.topics()) {
            TopicRanking rb = b.ranking(t);
            if (rb != null) {
                topics.add(t);
                values.add(atK(a.ranking(t), rb, k));
            }
        }
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return new TopicOverlaps(k, topics, v);
    }
}
