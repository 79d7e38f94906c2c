/**
 * Fingerprints as Apache Flink batch jobs (docs/FLINK.md): {@link dev.assay.flink.SignatureJob} reads response logs,
 * encodes and counts them in parallel, and merges the partial signatures exactly into one signature per model, equal
 * byte for byte to the one a single machine builds; {@link dev.assay.flink.DriftJob} cuts each model's responses into
 * count or event-time windows and replays each window against the model's reference signature, as a single machine
 * replays those responses in input order.
 */
package dev.assay.flink;
