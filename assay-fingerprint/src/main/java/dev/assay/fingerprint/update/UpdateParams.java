package dev.assay.fingerprint.update;

import dev.assay.core.InvalidInputException;

/**
 * The parameters of every {@link UpdateStrategy}; each strategy reads only its own.
 *
 * @param windowSize     responses kept by {@link UpdateStrategy#SLIDING_WINDOW}, at least 1
 * @param reservoirSize  responses kept by {@link UpdateStrategy#RESERVOIR_SAMPLING}, at least 1
 * @param seed           seed of the reservoir's random choices
 * @param lambda         factor of {@link UpdateStrategy#EXPONENTIAL_DECAY}, in (0, 1): a response's weight after
 *                       {@code k} later ones is {@code lambda^k}
 * @param lambdaSlow     factor of {@link UpdateStrategy#ADAPTIVE_WEIGHTING} for an ordinary response, in (0, 1)
 * @param lambdaFast     factor of {@link UpdateStrategy#ADAPTIVE_WEIGHTING} for a surprising one, in (0, lambdaSlow)
 * @param surpriseSigmas how many standard deviations above its running mean a response's distance to the
 *                       majority must be to be surprising, positive
 */
public record UpdateParams(int windowSize, int reservoirSize, long seed, double lambda, double lambdaSlow,
                           double lambdaFast, double surpriseSigmas) {
    /** Default window: 1,000 responses. */
    public static final int DEFAULT_WINDOW_SIZE = 1_000;
    /** Default reservoir: 1,000 responses. */
    public static final int DEFAULT_RESERVOIR_SIZE = 1_000;
    /** Default reservoir seed. */
    public static final long DEFAULT_SEED = 0L;
    /** Default half-life of {@link UpdateStrategy#EXPONENTIAL_DECAY}: 1,000 responses. */
    public static final double DEFAULT_HALF_LIFE = 1_000;
    /** Default decay factor: the one of {@link #DEFAULT_HALF_LIFE}, {@code 2^(-1/1000)}. */
    public static final double DEFAULT_LAMBDA = lambdaForHalfLife(DEFAULT_HALF_LIFE);
    /** Default slow factor of adaptive weighting: 0.99 (half-life about 69 responses). */
    public static final double DEFAULT_LAMBDA_SLOW = 0.99;
    /** Default fast factor of adaptive weighting: 0.8 (half-life about 3 responses). */
    public static final double DEFAULT_LAMBDA_FAST = 0.8;
    /** Default surprise threshold: 3 standard deviations. */
    public static final double DEFAULT_SURPRISE_SIGMAS = 3;

    public UpdateParams {
        if (windowSize < 1) {
            throw new InvalidInputException("window size must be at least 1, but was " + windowSize);
        }
        if (reservoirSize < 1) {
            throw new InvalidInputException("reservoir size must be at least 1, but was " + reservoirSize);
        }
        requireFactor("lambda", lambda);
        requireFactor("lambdaSlow", lambdaSlow);
        requireFactor("lambdaFast", lambdaFast);
        if (lambdaFast >= lambdaSlow) {
            throw new InvalidInputException("lambdaFast must be below lambdaSlow (" + lambdaSlow + "), but was " + lambdaFast);
        }
        if (!(surpriseSigmas > 0 && surpriseSigmas < Double.POSITIVE_INFINITY)) {
            throw new InvalidInputException("surpriseSigmas must be positive and finite, but was " + surpriseSigmas);
        }
    }

    /** Every parameter at its default. */
    public static UpdateParams defaults() {
        return new UpdateParams(DEFAULT_WINDOW_SIZE, DEFAULT_RESERVOIR_SIZE, DEFAULT_SEED, DEFAULT_LAMBDA,
                DEFAULT_LAMBDA_SLOW, DEFAULT_LAMBDA_FAST, DEFAULT_SURPRISE_SIGMAS);
    }

    /** The decay factor under which a response's weight halves after {@code responses} later ones: {@code 2^(-1/responses)}. */
    public static double lambdaForHalfLife(double responses) {
        if (!(responses > 0 && responses < Double.POSITIVE_INFINITY)) {
            throw new InvalidInputException("half-life must be positive and finite, but was " + responses);
        }
        return Math.pow(2, -1 / responses);
    }

    /** The half-life of {@link #lambda()} in responses: {@code -1 / log2(lambda)}. */
    public double halfLife() {
        return -Math.log(2) / Math.log(lambda);
    }

    /** These parameters with another window size. */
    public UpdateParams withWindowSize(int size) {
        return new UpdateParams(size, reservoirSize, seed, lambda, lambdaSlow, lambdaFast, surpriseSigmas);
    }

    /** These parameters with another reservoir size and seed. */
    public UpdateParams withReservoir(int size, long reservoirSeed) {
        return new UpdateParams(windowSize, size, reservoirSeed, lambda, lambdaSlow, lambdaFast, surpriseSigmas);
    }

    /** These parameters with another decay factor. */
    public UpdateParams withLambda(double factor) {
        return new UpdateParams(windowSize, reservoirSize, seed, factor, lambdaSlow, lambdaFast, surpriseSigmas);
    }

    /** These parameters with the decay factor of a half-life in responses ({@link #lambdaForHalfLife}). */
    public UpdateParams withHalfLife(double responses) {
        return withLambda(lambdaForHalfLife(responses));
    }

    /** These parameters with other adaptive-weighting factors and surprise threshold. */
    public UpdateParams withAdaptive(double slow, double fast, double sigmas) {
        return new UpdateParams(windowSize, reservoirSize, seed, lambda, slow, fast, sigmas);
    }

    private static void requireFactor(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new InvalidInputException(name + " must be in (0, 1), but was " + value);
        }
    }
}
