/**
 * Signatures: {@link dev.assay.fingerprint.signature.Signature} holds, per probe, exact bit-sliced counters of the
 * responses' text, structure and vector hypervectors and exact sums of their integer features, with the model id,
 * the encoder configuration, the sources it was built from and a Merkle root over the per-probe leaves. Merging
 * two signatures gives exactly the signature of the union of their responses. The binary format (magic
 * {@code ASFP}, version 1) is pinned by golden files.
 */
package dev.assay.fingerprint.signature;
