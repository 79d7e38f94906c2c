package dev.assay.llm.coordinate;

import dev.assay.core.stats.ConfidenceBound;
import dev.assay.core.stats.Interval;
import dev.assay.core.stats.PairedBootstrap;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The mean of a metric over runs with its two-sided 95% percentile bootstrap interval (core {@link PairedBootstrap} of
 * the values, seeded). Undefined values (NaN: gamma when the baseline's quality is 0) are left out and counted.
 *
 * @param mean      mean of the defined values (NaN when none is)
 * @param interval  the 95% interval, when at least two values are defined
 * @param n         defined values
 * @param undefined values left out
 */
public record Estimate(double mean, Optional<ConfidenceBound> interval, int n, int undefined) {
    /** Bootstrap resamples of every interval. */
    public static final int RESAMPLES = 2_000;
    /** Two-sided error rate of every interval. */
    public static final double ALPHA = 0.05;

    public Estimate {
        Objects.requireNonNull(interval, "interval");
    }

    /** The estimate of {@code values}, resampled from {@code seed}. */
    public static Estimate of(double[] values, long seed) {
        double[] defined = Arrays.stream(values).filter(Double::isFinite).toArray();
        int undefined = values.length - defined.length;
        if (defined.length == 0) return new Estimate(Double.NaN, Optional.empty(), 0, undefined);
        double mean = Arrays.stream(defined).average().orElseThrow();
        if (defined.length < 2) return new Estimate(mean, Optional.empty(), 1, undefined);
        ConfidenceBound ci = PairedBootstrap.ofDeltas(defined, RESAMPLES, seed).twoSided(Interval.PERCENTILE, ALPHA);
        return new Estimate(mean, Optional.of(ci), defined.length, undefined);
    }
}
