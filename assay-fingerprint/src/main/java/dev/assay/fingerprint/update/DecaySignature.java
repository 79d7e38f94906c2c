package dev.assay.fingerprint.update;

import dev.assay.fingerprint.hv.Hypervector;

/**
 * {@link UpdateStrategy#EXPONENTIAL_DECAY}: after t responses x_1..x_t the weight of x_k is
 * {@code lambda^(t-k)}, the count of position i is {@code sum_k lambda^(t-k) x_k[i]} and the total weight
 * {@code (1 - lambda^t) / (1 - lambda)}, which tends to {@code 1 / (1 - lambda)}.
 */
final class DecaySignature extends LiveSignature {
    private final DecayedCounts counts;
    private final double lambda;

    DecaySignature(Hypervector tieBreak, double lambda) {
        super(tieBreak);
        this.counts = new DecayedCounts(tieBreak);
        this.lambda = lambda;
    }

    @Override
    void accept(Hypervector response) {
        counts.add(response.words(), lambda);
    }

    @Override
    public double weight() {
        return counts.weight();
    }

    @Override
    public double[] mean() {
        return counts.mean();
    }

    @Override
    public Hypervector majority() {
        return counts.majority();
    }

    @Override
    public UpdateStrategy strategy() {
        return UpdateStrategy.EXPONENTIAL_DECAY;
    }
}
