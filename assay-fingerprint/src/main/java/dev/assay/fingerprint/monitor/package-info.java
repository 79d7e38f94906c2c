/**
 * Continuous drift monitoring of a live model on the core monitor lifecycle: {@link
 * dev.assay.fingerprint.monitor.FingerprintMonitorKind} ({@code fingerprint.drift}) checks each window of a model's
 * responses against a stored reference signature (novelty scores into a CUSUM calibrated on the reference, a live
 * signature of the model), records every window's verdict with its evidence and alerts on an alarm; a {@link
 * dev.assay.fingerprint.monitor.Prober} asks an endpoint a probe set on a schedule and submits the answers as the
 * monitor's observations; {@link dev.assay.fingerprint.monitor.ReferenceStore} keeps reference signatures by digest.
 */
package dev.assay.fingerprint.monitor;
