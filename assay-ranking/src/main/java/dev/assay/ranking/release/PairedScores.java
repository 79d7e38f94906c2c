package dev.assay.ranking.release;

import dev.assay.core.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Per-topic values of one measure for production and candidate, aligned by topic. */
public record PairedScores(String measure, List<String> topics, double[] production, double[] candidate) {
    public PairedScores {
        Objects.requireNonNull(measure, "measure");
        topics = List.copyOf(topics);
        if (production.length != topics.size() || candidate.length != topics.size())
            throw new InvalidInputException("paired scores for " + measure + " must have one value per topic: "
                    + topics.size() + " topics, " + production.length + " production and " + candidate.length + " candidate values");
        for (int i = 0; i < topics.size(); i++) {
            if (!Double.isFinite(production[i]) || !Double.isFinite(candidate[i]))
                throw new InvalidInputException("paired scores for " + measure + " topic " + topics.get(i) + " are not finite");
        }
        production = production.clone();
        candidate = candidate.clone();
    }

    /** candidate minus production for the topics in {@code subset} ({@code null}: all), in topic order. */
    double[] deltas(java.util.Set<String> subset) {
        double[] out = new double[topics.size()];
        int n = 0;
        for (int i = 0; i < topics.size(); i++) {
            if (subset == null || subset.contains(topics.get(i))) out[n++] = candidate[i] - production[i];
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PairedScores p && p.measure.equals(measure) && p.topics.equals(topics)
                && Arrays.equals(p.production, production) && Arrays.equals(p.candidate, candidate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(measure, topics, Arrays.hashCode(production), Arrays.hashCode(candidate));
    }

    @Override
    public String toString() {
        return "PairedScores[" + measure + ", " + topics.size() + " topics]";
    }
}
