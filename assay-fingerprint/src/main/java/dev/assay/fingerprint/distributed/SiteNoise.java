package dev.assay.fingerprint.distributed;

import dev.assay.core.InvalidInputException;

/**
 * The noise a federated site adds to its signature before sending it: {@link None} (the exact signature) or
 * {@link Geometric} (the discrete Laplace mechanism on every counter).
 */
public sealed interface SiteNoise permits SiteNoise.None, SiteNoise.Geometric {
    /** No noise: a site sends its exact signature, sample and feature sums included. */
    SiteNoise NONE = new None();

    /** The per-counter privacy parameter; NaN without noise. */
    double epsilon();

    /** What the mechanism does, as recorded in a {@link FederatedResult}. */
    String mechanism();

    /** Two-sided geometric noise with parameter {@code epsilon} on every counter. */
    static SiteNoise geometric(double epsilon) {
        return new Geometric(epsilon);
    }

    /** No noise. */
    record None() implements SiteNoise {
        @Override
        public double epsilon() {
            return Double.NaN;
        }

        @Override
        public String mechanism() {
            return "none";
        }
    }

    /**
     * The discrete Laplace (two-sided geometric) mechanism of Ghosh, Roughgarden and Sundararajan (2009): per probe,
     * the vector count and every position's text, structure and vector count gets independent noise X with
     * P(X = k) = (1 - a) / (1 + a) a^|k|, a = exp(-epsilon) (variance 2a / (1 - a)^2), then is clamped to what a
     * signature allows (the response count, the vector count). Feature sums and the response sample are dropped:
     * features are unbounded, so no finite noise covers them, and a sample is raw responses. Sources are dropped
     * too, since they hash the raw logs.
     *
     * <p>Sensitivity model: neighbouring logs differ in the content of one response (same probe, same number of
     * responses), so the probe ids and each probe's response count are released exactly (a probing protocol
     * fixes them) and whether a response exists is not protected. Replacing one response changes each counter
     * by at most 1 (sensitivity 1 per counter), so every counter alone is epsilon-differentially private; over a
     * probe's 3D + 1 counters the L1 sensitivity is up to 3D + 1, so by the Laplace argument the whole site
     * signature is (3D + 1) epsilon-differentially private with respect to one response. Clamping is
     * post-processing and costs nothing. A merged signature of S sites has, at a position no site clamped, error
     * of variance S 2a / (1 - a)^2.
     */
    record Geometric(double epsilon) implements SiteNoise {
        public Geometric {
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new InvalidInputException("epsilon must be positive and finite, but was " + epsilon);
            }
        }

        @Override
        public String mechanism() {
            return "two-sided geometric (discrete Laplace, Ghosh et al. 2009), alpha = exp(-epsilon) per counter,"
                    + " sensitivity 1 per counter under replacement of one response; feature sums, sample and sources dropped";
        }
    }
}
