package dev.assay.ranking.sustain;

import java.time.Instant;
import java.util.Objects;

/** The gating of an earlier cycle, as its {@code gating.json} recorded it. */
public record PreviousGating(double theta, double meanGain, double meanCost, double budgetMs, int topics, Instant createdAt) {
    public PreviousGating {
        Objects.requireNonNull(createdAt, "createdAt");
        if (Double.isNaN(theta)) throw new IllegalArgumentException("theta must be a number, but was NaN");
    }
}
