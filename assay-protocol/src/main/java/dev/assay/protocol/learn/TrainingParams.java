package dev.assay.protocol.learn;

/**
 * How a {@link LearnedModel} is trained: boosting rounds, tree depth and learning rate; the fewest flows a protocol
 * needs to be a class of its own (rarer ones are merged into {@link LearnedModel#OTHER}); the share of capture files
 * held out for calibration; the share of held-out wrong answers the open-set threshold turns into Unknown, and the
 * lowest threshold allowed; the seed.
 */
public record TrainingParams(int rounds, int maxDepth, double eta, int minClassFlows, double heldOutShare,
                             double unknownShare, double minThreshold, long seed) {
    public TrainingParams {
        if (rounds < 1 || rounds > 10_000) throw new IllegalArgumentException("rounds must be in 1..10000, but was " + rounds);
        if (maxDepth < 1 || maxDepth > 12) throw new IllegalArgumentException("max depth must be in 1..12, but was " + maxDepth);
        if (!(eta > 0 && eta <= 1)) throw new IllegalArgumentException("eta must be in (0, 1], but was " + eta);
        if (minClassFlows < 1) throw new IllegalArgumentException("min class flows must be >= 1, but was " + minClassFlows);
        if (!(heldOutShare > 0 && heldOutShare < 1)) throw new IllegalArgumentException("held-out share must be in (0, 1), but was " + heldOutShare);
        if (!(unknownShare >= 0 && unknownShare <= 1)) throw new IllegalArgumentException("unknown share must be in [0, 1], but was " + unknownShare);
        if (!(minThreshold >= 0 && minThreshold < 1)) throw new IllegalArgumentException("min threshold must be in [0, 1), but was " + minThreshold);
    }

    /**
     * 60 rounds of depth-4 trees at eta 0.3, protocols with at least 20 flows, a quarter of the files held out, the
     * threshold set so that 80% of held-out wrong answers become Unknown, never below 0.5.
     */
    public static TrainingParams defaults(long seed) {
        return new TrainingParams(60, 4, 0.3, 20, 0.25, 0.8, 0.5, seed);
    }
}
