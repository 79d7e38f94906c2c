package dev.assay.core.stats;

/** How predictions are grouped by confidence for calibration error. */
public enum Binning {
    /** K bins of equal width on [0, 1]: bin b holds confidences in [b/K, (b+1)/K), the last one also 1.0 (ECE, Naeini et al. 2015). */
    EQUAL_WIDTH,
    /** K bins of (nearly) equal count after sorting by confidence (adaptive ECE, Nixon et al. 2019). */
    EQUAL_MASS
}
