package dev.assay.fingerprint.drift;

import java.time.Instant;
import java.util.Optional;

/**
 * The detector's state after one response.
 *
 * @param index      the response's position in the stream, from 1
 * @param time       when it was observed
 * @param statistic  the windowed CUSUM of standardized scores
 * @param threshold  the calibrated threshold
 * @param alarm      whether {@code statistic > threshold}
 * @param runStart   index of the first response of the run making up the statistic (the CUSUM's change estimate)
 * @param verdict    the drift's type, present on the response where an alarm begins
 */
public record DriftState(long index, Instant time, double statistic, double threshold, boolean alarm, long runStart,
                         Optional<DriftVerdict> verdict) {
}
