package dev.assay.fingerprint.update;

import dev.assay.fingerprint.hv.Hypervector;

/**
 * {@link UpdateStrategy#ADAPTIVE_WEIGHTING}: exponential decay whose factor is chosen per response. Before a
 * response is added, its normalized Hamming distance {@code d} to the current majority is compared with a running
 * mean {@code m} and variance {@code v} of the earlier distances: if {@code d > m + k sqrt(v)} ({@code k} the
 * surprise threshold in standard deviations) the response is surprising and the older weights are multiplied by
 * {@code lambdaFast}, so that the signature follows a real change within a few responses; otherwise by
 * {@code lambdaSlow}.
 *
 * <p>The running statistics are exponentially weighted with rate {@code a = 1 - lambdaSlow}, the signature's own
 * slow time scale. The first {@code ceil(1 / a)} distances are averaged with equal weight (rate {@code 1/n}: the
 * exact mean and population variance) and are never surprising, since the majority is still forming. A surprising
 * distance enters the statistics clipped to the threshold, so one outlier does not inflate the variance, while a
 * lasting shift still raises the threshold step by step (the variance by a factor of about
 * {@code 1 + a (k^2 - 1)} per surprising response) until it is no longer surprising.
 */
final class AdaptiveSignature extends LiveSignature {
    private final DecayedCounts counts;
    private final double lambdaSlow;
    private final double lambdaFast;
    private final double sigmas;
    private final double rate;
    private final long warmUp;
    private long observed;
    private double distanceMean;
    private double distanceVariance;
    private double lastFactor = Double.NaN;

    AdaptiveSignature(Hypervector tieBreak, double lambdaSlow, double lambdaFast, double sigmas) {
        super(tieBreak);
        this.counts = new DecayedCounts(tieBreak);
        this.lambdaSlow = lambdaSlow;
        this.lambdaFast = lambdaFast;
        this.sigmas = sigmas;
        this.rate = 1 - lambdaSlow;
        this.warmUp = (long) Math.ceil(1 / rate);
    }

    @Override
    void accept(Hypervector response) {
        long[] words = response.words();
        double distance = (double) counts.distanceToMajority(words) / dimension();
        double threshold = distanceMean + sigmas * Math.sqrt(distanceVariance);
        boolean surprising = observed >= warmUp && distance > threshold;
        observed++;
        double alpha = Math.max(1.0 / observed, rate);
        double diff = (surprising ? threshold : distance) - distanceMean;
        double step = alpha * diff;
        distanceMean += step;
        distanceVariance = (1 - alpha) * (distanceVariance + diff * step);
        lastFactor = surprising ? lambdaFast : lambdaSlow;
        counts.add(words, lastFactor);
    }

    /** The factor the older weights were multiplied by at the last response; NaN before the first. */
    double lastFactor() {
        return lastFactor;
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
        return UpdateStrategy.ADAPTIVE_WEIGHTING;
    }
}
