package dev.assay.ranking.release;

import dev.assay.core.contract.Verdict;
import java.util.Objects;

/**
 * One guard's verdict with the numbers behind it. Absent numbers are NaN. For quality
 * guards {@code estimate} is the mean paired delta, {@code lower} its lower bound at
 * {@code level} (the guard's alpha after Holm's step-down), {@code threshold} is
 * {@code -margin}, and {@code pValue}/{@code adjustedPValue} come from the one-sided
 * sign-flip test of non-inferiority.
 */
public record GuardResult(String guard, String kind, Verdict verdict, double estimate, double lower, double upper,
                          double threshold, double level, double pValue, double adjustedPValue, long samples,
                          String detail) {
    public GuardResult {
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(detail, "detail");
    }

    static GuardResult noData(Guard g, String kind, String detail) {
        return new GuardResult(g.name(), kind, Verdict.NO_DATA, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, 0, detail);
    }
}
