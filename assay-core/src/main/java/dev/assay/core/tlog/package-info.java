/**
 * The transparency-log side of the ledger: RFC 9162 Merkle tree hashing, inclusion and
 * consistency proofs, and their verification with nothing but the hashes ({@link dev.assay.core.tlog.Merkle});
 * C2SP signed notes and checkpoints; C2SP cosignatures ({@link dev.assay.core.tlog.Cosignature}) and
 * the witness that issues them ({@link dev.assay.core.tlog.Witness}, {@link dev.assay.core.tlog.WitnessClient}).
 */
package dev.assay.core.tlog;
