/**
 * Records of fingerprint results: {@link dev.assay.fingerprint.record.FingerprintRecords} writes the JSON that the
 * command line prints, the HTTP endpoints answer and the ledger keeps, once for all three.
 */
package dev.assay.fingerprint.record;
