package dev.assay.ranking.metrics;

import dev.assay.ranking.trec.ZScores;
import java.util.Objects;

/**
 * How to evaluate, as trec_eval's options: {@code relevanceLevel} is the lowest judgment that counts as
 * relevant ({@code -l}, default 1; nDCG uses the levels themselves as gains), {@code scope} which topics
 * are averaged ({@code -c}), {@code judgedOnly} drops retrieved documents without a judgment before
 * measuring ({@code -J}), {@code maxRetrieved} keeps only the first N documents of each topic ({@code -M}),
 * {@code numDocsInCollection} is the collection size that some measures need ({@code -N}, 0 when unknown),
 * {@code zScores} turns every topic's values into z-scores before they are averaged and printed ({@code -Z};
 * null when not wanted). The relevance format ({@code -R}) is the {@link dev.assay.ranking.trec.RelInfo}'s own.
 */
public record EvalOptions(int relevanceLevel, TopicScope scope, boolean judgedOnly, long maxRetrieved, long numDocsInCollection,
                          ZScores zScores) {
    public EvalOptions {
        if (relevanceLevel < 0) {
            throw new IllegalArgumentException("relevanceLevel must be >= 0, but was " + relevanceLevel);
        }
        Objects.requireNonNull(scope, "scope");
        if (maxRetrieved <= 0) {
            throw new IllegalArgumentException("maxRetrieved must be positive, but was " + maxRetrieved);
        }
        if (numDocsInCollection < 0) {
            throw new IllegalArgumentException("numDocsInCollection must be >= 0, but was " + numDocsInCollection);
        }
    }

    /** All but -Z. */
    public EvalOptions(int relevanceLevel, TopicScope scope, boolean judgedOnly, long maxRetrieved, long numDocsInCollection) {
        this(relevanceLevel, scope, judgedOnly, maxRetrieved, numDocsInCollection, null);
    }

    /** Level and scope, trec_eval's defaults otherwise (no -J, no -M, no -N, no -Z). */
    public EvalOptions(int relevanceLevel, TopicScope scope) {
        this(relevanceLevel, scope, false, Long.MAX_VALUE, 0);
    }

    /** trec_eval's defaults: level 1, topics in both files. */
    public static EvalOptions defaults() {
        return new EvalOptions(1, TopicScope.COMMON);
    }

    /** These options with z-scores ({@code -Z}); null for none. */
    public EvalOptions withZScores(ZScores z) {
        return new EvalOptions(relevanceLevel, scope, judgedOnly, maxRetrieved, numDocsInCollection, z);
    }

    /** Whether values are z-scores ({@code -Z}), which trec_eval prints with a "Z" before the measure name. */
    public boolean zScored() {
        return zScores != null;
    }
}
