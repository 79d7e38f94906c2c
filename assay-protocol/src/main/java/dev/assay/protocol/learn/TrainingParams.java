package dev.assay.protocol.learn;

/**
 * How a {@link LearnedModel} is trained: boosting rounds, tree depth and learning rate; the fewest flows a protocol
 * needs to be a class of its own (rarer ones are merged into {@link LearnedModel#OTHER}); how many folds of capture
 * files the calibration is cross-fitted over; the share of out-of-fold wrong answers the open-set threshold turns into Unknown, and the
 * lowest threshold allowed; the seed.
 */
public record TrainingParams(int rounds, int maxDepth, double eta, int minClassFlows, int folds,
                             double unknownShare, double minThreshold, long seed) {
    public TrainingParams {
        if (rounds < 1 || rounds > 10_000) throw new IllegalArgumentException("rounds must be in 1..10000, but was " + rounds);
        if (maxDepth < 1 || maxDepth > 12) throw new IllegalArgumentException("max depth must be in 1..12, but was " + maxDepth);
        if (!(eta > 0 && eta <= 1)) throw new IllegalArgumentException("eta must be in (0, 1], but was " + eta);
        if (minClassFlows < 1) throw new IllegalArgumentException("min class flows must be >= 1, but was " + minClassFlows);
        if (folds < 2 || folds > 100) throw new IllegalArgumentException("folds must be in 2..100, but was " + folds);
        if (!(unknownShare >= 0 && unknownShare <= 1)) throw new IllegalArgumentException("unknown share must be in [0, 1], but was " + unknownShare);
        if (!(minThreshold >= 0 && minThreshold < 1)) throw new IllegalArgumentException("min threshold must be in [0, 1), but was " + minThreshold);
    }

    /**
     * 60 rounds of depth-4 trees at eta 0.3, protocols with at least 20 flows, 4 folds, the threshold set so that
     * half of the out-of-fold wrong answers become Unknown, never below 0.5.
     */
    public static TrainingParams defaults(long seed) {
        return new TrainingParams(60, 4, 0.3, 20, 4, 0.5, 0.5, seed);
    }
}
