package dev.assay.fingerprint.export;

import dev.assay.core.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link EdgePackage}'s accept/reject thresholds are calibrated: the target false-reject rate
 * {@code alpha}, the leave-k-out draws per threshold, their seed, and the candidate sizes k (strictly increasing,
 * 1 to 65,535) that get a threshold.
 */
public record ExportConfig(double alpha, int draws, long seed, List<Integer> ks) {
    public static final double DEFAULT_ALPHA = 0.01;
    public static final int DEFAULT_DRAWS = 500;
    public static final long DEFAULT_SEED = 1;
    public static final List<Integer> DEFAULT_KS = List.of(1, 4, 16);
    public static final ExportConfig DEFAULT = new ExportConfig(DEFAULT_ALPHA, DEFAULT_DRAWS, DEFAULT_SEED, DEFAULT_KS);

    public ExportConfig {
        if (!(alpha > 0 && alpha < 1)) throw new InvalidInputException("alpha must be between 0 and 1, but was " + alpha);
        if (draws < 1 || draws > 100_000) throw new InvalidInputException("draws must be 1 to 100000, but was " + draws);
        ks = List.copyOf(Objects.requireNonNull(ks, "ks"));
        if (ks.isEmpty() || ks.size() > 255) throw new InvalidInputException("ks must hold 1 to 255 sizes, but held " + ks.size());
        int prev = 0;
        for (int k : ks) {
            if (k <= prev || k > 65_535) {
                throw new InvalidInputException("ks must be strictly increasing sizes from 1 to 65535, but were " + ks);
            }
            prev = k;
        }
    }
}
