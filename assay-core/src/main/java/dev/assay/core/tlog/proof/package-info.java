/**
 * Proof documents of the ledger's transparency log and their offline verification: an entry's
 * inclusion in a signed checkpoint ({@link dev.assay.core.tlog.proof.InclusionProof}), one
 * checkpoint's tree being a prefix of another's ({@link dev.assay.core.tlog.proof.ConsistencyProof}),
 * both checked with the ledger's public key alone ({@link dev.assay.core.tlog.proof.TrustedLog}); and
 * an auditor's step from the last checkpoint it accepted to the newest ({@link dev.assay.core.tlog.proof.LogAudit}).
 * Documents are built from a ledger by {@link dev.assay.core.tlog.proof.Proofs}, the one path the CLI and
 * the service share.
 */
package dev.assay.core.tlog.proof;
