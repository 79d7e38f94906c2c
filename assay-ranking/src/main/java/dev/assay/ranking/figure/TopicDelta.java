package dev.assay.ranking.figure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** One topic's paired delta (candidate minus production, or B minus A). */
public record TopicDelta(String topic, double delta) {
    public TopicDelta {
        Objects.requireNonNull(topic, "topic");
        if (!Double.isFinite(delta)) throw new IllegalArgumentException("delta of topic " + topic + " must be finite, but was " + delta);
    }

    /** {@code topics[i]} with {@code deltas[i]}, ascending by delta, ties by topic id. */
    public static List<TopicDelta> sorted(List<String> topics, double[] deltas) {
        if (topics.size() != deltas.length)
            throw new IllegalArgumentException("topics and deltas must have equal lengths, but were " + topics.size() + " and " + deltas.length);
        List<TopicDelta> out = new ArrayList<>(deltas.length);
        for (int i = 0; i < deltas.length; i++) out.add(new TopicDelta(topics.get(i), deltas[i]));
        out.sort(Comparator.comparingDouble(TopicDelta::delta).thenComparing(TopicDelta::topic));
        return List.copyOf(out);
    }
}
