/**
 * Verification: {@link dev.assay.fingerprint.verify.Verifier} decides whether responses come from the same model as a
 * reference (SAME / DIFFERENT / UNDECIDED at a configured false-alarm rate) with a kernel two-sample permutation
 * test on encoded responses, stratified by prompt in probe mode; {@link dev.assay.fingerprint.verify.Kernel} is the
 * similarity it uses.
 */
package dev.assay.fingerprint.verify;
