package dev.assay.fingerprint.distributed;

import dev.assay.core.InvalidInputException;

/**
 * How gossip runs: at most {@code maxRounds} rounds, stopping once every peer's estimates agree within
 * {@code tolerance} (see {@link DistributedSignatures#gossip}), each peer's choice of target drawn from
 * {@code seed}.
 */
public record GossipConfig(int maxRounds, double tolerance, long seed) {
    /** Largest number of rounds accepted. */
    public static final int MAX_ROUNDS = 1_000_000;

    public GossipConfig {
        if (maxRounds < 1 || maxRounds > MAX_ROUNDS) {
            throw new InvalidInputException("maxRounds must be 1 to " + MAX_ROUNDS + ", but was " + maxRounds);
        }
        if (!(tolerance > 0 && tolerance < 0.5)) {
            throw new InvalidInputException("tolerance must be greater than 0 and lower than 0.5, but was " + tolerance);
        }
    }

    /** 10,000 rounds at most, tolerance 1e-12. */
    public static GossipConfig defaults(long seed) {
        return new GossipConfig(10_000, 1e-12, seed);
    }
}
