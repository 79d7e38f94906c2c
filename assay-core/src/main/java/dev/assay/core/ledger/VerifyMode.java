package dev.assay.core.ledger;

/** How much signature work verification does; both modes check every hash and link. */
public enum VerifyMode {
    /** Every entry's signature is checked. */
    FULL,
    /**
     * Every hash, link, key id and signature format is checked, but Ed25519 signatures only at
     * checkpoints (every {@value LedgerVerifier#CHECKPOINT_INTERVAL}th entry, the last, and the
     * head); because each hash covers its predecessor's, a valid signature authenticates the
     * content of every entry before it. On a failed checkpoint the entries since the previous
     * one are checked one by one, so the first bad entry is still named exactly. Not checked:
     * a well-formed signature replaced on an entry between checkpoints whose content is intact
     * (the content is still authentic); only FULL finds that.
     */
    CHECKPOINTS
}
