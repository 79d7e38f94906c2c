package dev.assay.ranking.sustain;

/** The verdict on one slice's conformal coverage. */
public enum CoverageStatus {
    /** Measured coverage within the band. */
    OK,
    /** Measured coverage outside the band although the slice is large enough for the band to mean something. */
    OUT_OF_BAND,
    /** Too few calibration (or test) points for the band to tell a correct model from a wrong one: a warning, not a failure. */
    TOO_FEW_POINTS
}
