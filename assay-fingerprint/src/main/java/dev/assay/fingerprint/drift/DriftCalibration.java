package dev.assay.fingerprint.drift;

/**
 * How a {@link DriftDetector}'s threshold was calibrated: the reference scores' summary, the threshold and the
 * simulation behind it.
 *
 * @param sampleSize         calibration scores given
 * @param mean               their mean (scores are standardized by it)
 * @param sd                 their sample standard deviation
 * @param allowance          CUSUM allowance k, in standard deviations
 * @param threshold          alarm when the statistic exceeds this
 * @param estimatedRunLength the censored estimate of the mean run length to a false alarm at {@code threshold}
 *                           (total simulated responses divided by false alarms)
 * @param streams            bootstrap streams simulated
 * @param alarms             streams that raised a false alarm before the cap
 * @param streamLength       cap on each simulated stream (streams reaching it are censored)
 * @param seed               bootstrap seed
 */
public record DriftCalibration(int sampleSize, double mean, double sd, double allowance, double threshold,
                               double estimatedRunLength, int streams, int alarms, long streamLength, long seed) {
}
