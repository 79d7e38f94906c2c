/**
 * Drift of a deployed model away from its reference fingerprint: {@link dev.assay.fingerprint.drift.DriftDetector}
 * runs a one-sided windowed CUSUM on novelty scores standardized by a reference calibration sample, with a
 * threshold calibrated by seeded bootstrap simulation to a mean run length between false alarms
 * ({@link dev.assay.fingerprint.drift.DriftConfig}, {@link dev.assay.fingerprint.drift.DriftCalibration}), and
 * types each alarm ({@link dev.assay.fingerprint.drift.DriftType}, {@link dev.assay.fingerprint.drift.DriftVerdict})
 * from change-point, trend, autocorrelation, split-half, input-novelty and adversarial-input evidence.
 */
package dev.assay.fingerprint.drift;
