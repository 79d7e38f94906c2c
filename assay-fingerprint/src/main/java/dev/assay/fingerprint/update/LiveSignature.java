package dev.assay.fingerprint.update;

import dev.assay.fingerprint.hv.Hypervector;
import java.util.Objects;

/**
 * The live fingerprint of a model in production: a weighted bundle of its encoded responses, updated as each
 * arrives under one {@link UpdateStrategy}. {@link #mean()} is the weighted mean of the responses in ±1 form
 * (bit set = +1, clear = -1) at each position; {@link #majority()} is set where that mean is positive and takes
 * the tie-break vector's bit where it is exactly 0, so with no response it is the tie-break vector itself.
 *
 * <p>An abstract class rather than an interface so that the checks and the response count common to every
 * strategy are written once; it is sealed, and {@link #create} is the only way to get one. Not thread-safe.
 *
 * <p>Cost of {@link #add}: window and reservoir, two passes of ripple carries over {@code D/64} words (O(D/64 log
 * size)); decay and adaptive, one addition per set bit of the response (forward decay: no pass over all D
 * weights), the adaptive one plus an O(D) distance to the current majority. No D-sized array is allocated per
 * response.
 */
public abstract sealed class LiveSignature permits WindowSignature, ReservoirSignature, DecaySignature, AdaptiveSignature {
    private final Hypervector tieBreak;
    private long seen;

    LiveSignature(Hypervector tieBreak) {
        this.tieBreak = Objects.requireNonNull(tieBreak, "tieBreak");
    }

    /** A signature of vectors of {@code tieBreak}'s dimension that weighs responses under {@code strategy}. */
    public static LiveSignature create(UpdateStrategy strategy, UpdateParams params, Hypervector tieBreak) {
        Objects.requireNonNull(params, "params");
        return switch (Objects.requireNonNull(strategy, "strategy")) {
            case EXPONENTIAL_DECAY -> new DecaySignature(tieBreak, params.lambda());
            case SLIDING_WINDOW -> new WindowSignature(tieBreak, params.windowSize());
            case ADAPTIVE_WEIGHTING -> new AdaptiveSignature(tieBreak, params.lambdaSlow(), params.lambdaFast(),
                    params.surpriseSigmas());
            case RESERVOIR_SAMPLING -> new ReservoirSignature(tieBreak, params.reservoirSize(), params.seed());
        };
    }

    /** Adds one response, of this signature's dimension. */
    public final void add(Hypervector response) {
        if (response.dimension() != dimension()) {
            throw new IllegalArgumentException("dimensions differ: the signature has " + dimension()
                    + " bits, the response " + response.dimension());
        }
        accept(response);
        seen++;
    }

    /** The total weight of the responses: their number for window and reservoir, the sum of the decayed weights otherwise. */
    public abstract double weight();

    /** The weighted mean of the responses in ±1 form at each of the {@link #dimension()} positions; all 0 with none. */
    public abstract double[] mean();

    /** Set where {@link #mean()} is positive, the tie-break's bit where it is 0. */
    public abstract Hypervector majority();

    /** The strategy. */
    public abstract UpdateStrategy strategy();

    /** Responses added in total. */
    public final long seen() {
        return seen;
    }

    /** Number of bits of the responses. */
    public final int dimension() {
        return tieBreak.dimension();
    }

    abstract void accept(Hypervector response);
}
