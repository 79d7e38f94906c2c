/**
 * Edge export: {@link dev.assay.fingerprint.export.EdgePackage} extracts a signature into a signed, deflated
 * package within a hard size budget per {@link dev.assay.fingerprint.export.Level} (1 KB, 10 KB, 100 KB), and an
 * imported package gives an {@link dev.assay.fingerprint.export.EdgeReference} that scores candidate responses
 * against the packaged prototype and says MATCH or NO_MATCH at a false-reject rate calibrated at export
 * (leave-k-out on the signature's sample). The format (magic {@code AEDG}, version 1) is pinned by golden files.
 */
package dev.assay.fingerprint.export;
