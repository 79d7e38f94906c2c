package dev.assay.core.stats;

import dev.assay.core.InvalidInputException;

/**
 * Mixture sequential probability ratio test of H0: mean = 0 for a stream of observations (for example
 * paired deltas), giving an always-valid p-value that may be checked after every observation.
 *
 * <p>Algorithm (Robbins 1970; Johari, Koomen, Pekelis and Walsh, "Always Valid Inference", Operations
 * Research 70(3), 2022; Howard, Ramdas, McAuliffe and Sekhon, Annals of Statistics 49(2), 2021): with a
 * normal mixing distribution N(0, tau^2) over the alternative mean and observations N(mu, sigma^2),
 * after n observations with sum S the mixture likelihood ratio is
 * {@code Lambda_n = sqrt(sigma^2 / (sigma^2 + n tau^2)) exp(tau^2 S^2 / (2 sigma^2 (sigma^2 + n tau^2)))},
 * a nonnegative martingale under H0, so by Ville's inequality P(exists n: Lambda_n >= 1/alpha) <= alpha
 * and {@code p_n = min(1, min_{k<=n} 1/Lambda_k)} is a p-value valid at any stopping time. With a known
 * sigma the guarantee is exact for normal data (and holds asymptotically for sub-Gaussian data);
 * with the variance estimated by the running sample variance it holds asymptotically (Johari et al.,
 * section 4), and p stays 1 until {@code burnIn} observations are seen. tau^2 should be of the order of
 * the squared effect worth detecting. Each update costs O(1) time and the state is O(1).
 *
 * <p>Not thread-safe: one instance per stream.
 */
public final class MixtureSprt {
    private final double mixtureVariance;
    private final double knownVariance;
    private final int burnIn;
    private long count;
    private double mean;
    private double sumSquaredDeviations;
    private double logLikelihoodRatio;
    private double pValue = 1.0;

    private MixtureSprt(double mixtureVariance, double knownVariance, int burnIn) {
        this.mixtureVariance = mixtureVariance;
        this.knownVariance = knownVariance;
        this.burnIn = burnIn;
    }

    /** Test with observation variance sigma^2 known, mixing over the mean with variance tau^2. */
    public static MixtureSprt knownVariance(double sigmaSquared, double tauSquared) {
        return new MixtureSprt(Checks.positive("tauSquared", tauSquared), Checks.positive("sigmaSquared", sigmaSquared), 1);
    }

    /** Test with sigma^2 replaced by the running sample variance once {@code burnIn} (at least 2) observations are seen. */
    public static MixtureSprt estimatedVariance(double tauSquared, int burnIn) {
        return new MixtureSprt(Checks.positive("tauSquared", tauSquared), Double.NaN, Checks.atLeast("burnIn", burnIn, 2));
    }

    /** Adds one observation and updates the likelihood ratio and the running-minimum p-value; returns this. */
    public MixtureSprt update(double observation) {
        if (!Double.isFinite(observation)) {
            throw new InvalidInputException("observation must be finite, but was " + observation);
        }
        count++;
        double delta = observation - mean;
        mean += delta / count;
        sumSquaredDeviations += delta * (observation - mean);
        if (count < burnIn) {
            return this;
        }
        double sigma2 = Double.isNaN(knownVariance) ? sumSquaredDeviations / (count - 1) : knownVariance;
        if (!(sigma2 > 0.0)) {
            return this;
        }
        double sum = mean * count;
        double spread = sigma2 + count * mixtureVariance;
        logLikelihoodRatio = 0.5 * Math.log(sigma2 / spread)
                + mixtureVariance * sum * sum / (2.0 * sigma2 * spread);
        pValue = Math.min(pValue, Math.min(1.0, Math.exp(-logLikelihoodRatio)));
        return this;
    }

    /** Always-valid p-value: the running minimum of min(1, 1/Lambda_n); 1 before any evidence. */
    public double pValue() {
        return pValue;
    }

    /** Whether H0 is rejected at level alpha, i.e. {@code pValue() <= alpha}; safe to ask after every update. */
    public boolean rejects(double alpha) {
        return pValue <= Checks.alpha(alpha);
    }

    /** log Lambda_n after the last update that had a usable variance; 0 before. */
    public double logLikelihoodRatio() {
        return logLikelihoodRatio;
    }

    /** Number of observations seen. */
    public long count() {
        return count;
    }

    /** Mean of the observations seen; 0 before any. */
    public double mean() {
        return mean;
    }

    /** Everything the test has accumulated, from which {@link #resume} continues exactly. */
    public record State(long count, double mean, double sumSquaredDeviations, double logLikelihoodRatio, double pValue) {}

    /** The accumulated state now. */
    public State state() {
        return new State(count, mean, sumSquaredDeviations, logLikelihoodRatio, pValue);
    }

    /** Continues from {@code s} (taken from a test with the same settings); returns this. */
    public MixtureSprt resume(State s) {
        Checks.notNull("state", s);
        if (s.count() < 0 || !(s.pValue() >= 0 && s.pValue() <= 1))
            throw new InvalidInputException("not a mixture SPRT state: count " + s.count() + ", p " + s.pValue());
        count = s.count();
        mean = s.mean();
        sumSquaredDeviations = s.sumSquaredDeviations();
        logLikelihoodRatio = s.logLikelihoodRatio();
        pValue = s.pValue();
        return this;
    }
}
