package dev.assay.fingerprint.export;

/**
 * How much of a signature an {@link EdgePackage} carries, each with a hard budget on the package's total encoded
 * size (header, compressed payload, checksum and signature included). What each level holds is listed in
 * {@link EdgePackage}.
 */
public enum Level {
    /** At most {@value #MINIMAL_BUDGET} bytes: a majority prototype of at most 4,096 bits. */
    MINIMAL(Level.MINIMAL_BUDGET),
    /** At most {@value #BALANCED_BUDGET} bytes: a 4-bit prototype of at most 8,192 positions and the top probes. */
    BALANCED(Level.BALANCED_BUDGET),
    /** At most {@value #FULL_BUDGET} bytes: an 8-bit prototype, per-probe majorities and part of the sample. */
    FULL(Level.FULL_BUDGET);

    /** Budget of a {@link #MINIMAL} package, bytes. */
    public static final int MINIMAL_BUDGET = 1_024;
    /** Budget of a {@link #BALANCED} package, bytes. */
    public static final int BALANCED_BUDGET = 10_240;
    /** Budget of a {@link #FULL} package, bytes. */
    public static final int FULL_BUDGET = 102_400;

    private final int budget;

    Level(int budget) {
        this.budget = budget;
    }

    /** The largest encoded size of a package of this level, bytes. */
    public int budget() {
        return budget;
    }
}
