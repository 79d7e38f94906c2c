package dev.assay.agent.memory;

import java.util.List;

/**
 * P(unsafe) for one query and the neighbours behind it; {@link #entropy()} is the binary entropy in bits (0 when
 * certain, 1 at 1/2).
 */
public record Posterior(double pUnsafe, List<Neighbour> neighbours) {
    public Posterior {
        if (!(pUnsafe >= 0 && pUnsafe <= 1)) throw new IllegalArgumentException("pUnsafe must be in [0, 1], but was " + pUnsafe);
        neighbours = List.copyOf(neighbours);
    }

    public double entropy() {
        return entropy(pUnsafe);
    }

    /** Binary entropy of {@code p} in bits. */
    public static double entropy(double p) {
        if (p <= 0 || p >= 1) return 0;
        return -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
    }
}
