/**
 * Identification: {@link dev.assay.fingerprint.identify.Identifier} names which of N reference models produced a set
 * of responses, or "none" (open set) when even the best match scores below what the best model's own responses
 * score with the same number of responses.
 */
package dev.assay.fingerprint.identify;
