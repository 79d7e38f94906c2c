/**
 * The transparency-log side of the ledger: RFC 9162 Merkle tree hashing, inclusion and
 * consistency proofs, and their verification with nothing but the hashes. Entry point
 * {@link dev.assay.core.tlog.Merkle}.
 */
package dev.assay.core.tlog;
