/**
 * Fingerprint signatures as an Apache Flink batch job: {@link dev.assay.flink.SignatureJob} reads response logs,
 * encodes and counts them in parallel, and merges the partial signatures exactly into one signature per model,
 * equal byte for byte to the one a single machine builds (docs/FLINK.md).
 */
package dev.assay.flink;
