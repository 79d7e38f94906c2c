/**
 * Live signatures: the fingerprint of a model in production, updated as its encoded responses arrive.
 * {@link dev.assay.fingerprint.update.LiveSignature#create} builds one for an
 * {@link dev.assay.fingerprint.update.UpdateStrategy} (exponential decay, sliding window, adaptive weighting,
 * reservoir sampling) and its {@link dev.assay.fingerprint.update.UpdateParams}; each gives the weighted ±1 mean
 * of the responses per position, their majority vector and their total weight.
 */
package dev.assay.fingerprint.update;
