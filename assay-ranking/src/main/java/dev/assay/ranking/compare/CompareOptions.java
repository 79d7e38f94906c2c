package dev.assay.ranking.compare;

import dev.assay.core.InvalidInputException;
import dev.assay.ranking.metrics.TopicScope;
import java.util.List;
import java.util.Objects;

/**
 * How two runs are compared: trec_eval {@code -m} measure specs (in the order reported), the
 * topics averaged over, the two-sided level {@code alpha} of the confidence intervals, and the
 * resampling budget and seed that make the numbers reproducible.
 */
public record CompareOptions(List<String> measures, TopicScope scope, double alpha, int resamples, long seed) {
    /** The measures compared when none are given. */
    public static final List<String> DEFAULT_MEASURES = List.of("ndcg_cut.10", "ndcg", "map");

    public CompareOptions {
        measures = List.copyOf(Objects.requireNonNull(measures, "measures"));
        if (measures.isEmpty()) throw new InvalidInputException("at least one measure is needed");
        Objects.requireNonNull(scope, "scope");
        if (!(alpha > 0 && alpha < 1)) throw new InvalidInputException("alpha must be in (0, 1), but was " + alpha);
        if (resamples < 100 || resamples > 1_000_000)
            throw new InvalidInputException("resamples must be in 100..1000000, but was " + resamples);
    }

    /** The default measures over the topics of both runs, 95% intervals, 10,000 resamples, seed 1. */
    public static CompareOptions defaults() {
        return new CompareOptions(DEFAULT_MEASURES, TopicScope.COMMON, 0.05, 10_000, 1);
    }
}
