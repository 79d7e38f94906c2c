/**
 * Binary hypervectors for behavioural fingerprints: {@link dev.assay.fingerprint.hv.Hypervector} (bit-packed,
 * bind = XOR, permute = rotation, similarity = 1 - normalized Hamming), {@link dev.assay.fingerprint.hv.ItemMemory}
 * (each symbol's vector derived from SHA-256, identical on every machine) and
 * {@link dev.assay.fingerprint.hv.Bundler} (majority over bit-sliced exact counters, mergeable, seeded tie-break).
 */
package dev.assay.fingerprint.hv;
