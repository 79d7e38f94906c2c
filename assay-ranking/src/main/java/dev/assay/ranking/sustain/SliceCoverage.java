package dev.assay.ranking.sustain;

import java.util.Objects;

/**
 * Split-conformal coverage on one slice: the interval {@code prediction +- halfWidth} is
 * calibrated on the slice's {@code calibration} points and measured on its {@code test}
 * points ({@code coverage}, NaN without test points). {@code bandProbability} is
 * P(Beta(k, n + 1 - k) in the band) for n = calibration, {@code measuredBandProbability} the
 * same for the coverage measured on {@code test} points (see {@link CoverageBand}).
 */
public record SliceCoverage(String slice, int calibration, int test, double halfWidth, double coverage,
                            double bandProbability, double measuredBandProbability, CoverageStatus status, String reason) {
    public SliceCoverage {
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        if (calibration < 0 || test < 0)
            throw new IllegalArgumentException("point counts must be >= 0, but were " + calibration + " and " + test);
    }
}
