package dev.assay.ranking.sustain;

import java.util.List;

/**
 * Per-slice split-conformal coverage of a gain model: the model (fitted on {@code training}
 * points), the band the coverage is judged against, the calibration size from which the band
 * is meaningful, and one entry per slice, the pooled slice {@value ConformalCoverage#ALL} last.
 */
public record CoverageReport(String model, int training, CoverageBand band, int minimumCalibration, long seed,
                             List<SliceCoverage> slices) {
    public CoverageReport {
        slices = List.copyOf(slices);
    }

    /** The slice with this name. */
    public SliceCoverage slice(String name) {
        return slices.stream().filter(s -> s.slice().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no slice " + name + " among " + slices.stream().map(SliceCoverage::slice).toList()));
    }
}
