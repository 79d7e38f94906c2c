package dev.assay.ranking.metrics;

import java.util.Objects;

/**
 * How to evaluate: {@code relevanceLevel} is the lowest judgment that counts as relevant for map, P,
 * recall and recip_rank (trec_eval {@code -l}, default 1; nDCG uses the levels themselves as gains),
 * {@code scope} which topics are averaged.
 */
public record EvalOptions(int relevanceLevel, TopicScope scope) {
    public EvalOptions {
        if (relevanceLevel < 0) {
            throw new IllegalArgumentException("relevanceLevel must be >= 0, but was " + relevanceLevel);
        }
        Objects.requireNonNull(scope, "scope");
    }

    /** trec_eval's defaults: level 1, topics in both files. */
    public static EvalOptions defaults() {
        return new EvalOptions(1, TopicScope.COMMON);
    }
}
