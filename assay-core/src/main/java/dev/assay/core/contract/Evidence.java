package dev.assay.core.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * What a verdict rests on. {@code value} is the statistic compared with the threshold (NaN when the
 * window has no data); {@code estimate} is the point estimate (the mean for MEAN_LCB / MEAN_UCB, else
 * equal to {@code value}); {@code lower} and {@code upper} are the confidence interval for the
 * confidence-bound statistics (NaN otherwise); {@code samples} counts the values that matched.
 */
public record Evidence(Statistic statistic, Op comparator, double threshold, double value, double estimate,
                       double lower, double upper, int samples, Instant windowStart, Instant windowEnd) {
    public Evidence {
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(comparator, "comparator");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        if (samples < 0) throw new IllegalArgumentException("samples must be >= 0, but was " + samples);
    }
}
