package dev.assay.core.ledger;

/** How much signature work verification does; both modes check every hash and link. */
public enum VerifyMode {
    /** Every entry's signature is checked. */
    FULL,
    /**
     * Signatures are checked at checkpoints (every {@value LedgerVerifier#CHECKPOINT_INTERVAL}th
     * entry and the last); because each hash covers its predecessor's, a valid signature
     * authenticates every entry before it. On a failed checkpoint the entries since the
     * previous one are checked one by one, so the first bad entry is still named exactly.
     */
    CHECKPOINTS
}
