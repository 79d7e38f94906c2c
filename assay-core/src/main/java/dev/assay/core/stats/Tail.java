package dev.assay.core.stats;

/** Direction of a test's alternative hypothesis, as R's {@code alternative} argument. */
public enum Tail {
    /** The effect (candidate minus baseline, first sample minus second) is below the null value; R's "less". */
    LOWER,
    /** The effect is above the null value; R's "greater". */
    UPPER,
    /** The effect differs from the null value in either direction; R's "two.sided". */
    TWO_SIDED
}
