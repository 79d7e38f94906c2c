package dev.assay.ranking.compare;

import dev.assay.ranking.figure.TopicDelta;
import java.util.List;
import java.util.Objects;

/**
 * One measure of run B against run A over {@code topics} paired topics. {@code meanDelta} is
 * mean(B - A); {@code ciLower}/{@code ciUpper} its two-sided BCa paired-bootstrap interval;
 * {@code pValue} the two-sided sign-flip p of mean delta 0, {@code holmPValue} that p after Holm
 * over all measures compared; wins/ties/losses count topics where B is above, within
 * {@value RunComparison#TIE} of, or below A; {@code effectSize} is mean delta over the sample
 * standard deviation of the deltas. Absent numbers (fewer than 2 topics, zero spread) are NaN.
 * {@code topicDeltas} are the per-topic deltas B - A, ascending.
 */
public record MeasureComparison(String measure, int topics, double meanA, double meanB, double meanDelta, double ciLower,
                                double ciUpper, double pValue, double holmPValue, int wins, int ties, int losses,
                                double effectSize, List<TopicDelta> topicDeltas) {
    public MeasureComparison {
        Objects.requireNonNull(measure, "measure");
        if (topics < 1) throw new IllegalArgumentException("topics must be >= 1, but was " + topics);
        topicDeltas = List.copyOf(topicDeltas);
        if (topicDeltas.size() != topics)
            throw new IllegalArgumentException("topicDeltas must hold the " + topics + " topics, but held " + topicDeltas.size());
        if (wins + ties + losses != topics)
            throw new IllegalArgumentException("wins + ties + losses must be " + topics + ", but were "
                    + wins + " + " + ties + " + " + losses);
    }
}
