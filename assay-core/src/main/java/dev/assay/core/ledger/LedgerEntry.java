package dev.assay.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * One ledger entry. {@code payload} is canonical JSON text (object keys sorted, no
 * insignificant whitespace); {@code hash} is the hex SHA-256 of the entry's canonical
 * encoding (every other field); {@code signature} is the base64 Ed25519 signature of
 * that hash by the key {@code keyId}.
 */
public record LedgerEntry(
        long seq,
        Instant time,
        String kind,
        String subject,
        String payload,
        String prevHash,
        String hash,
        String keyId,
        String signature) {
    public LedgerEntry {
        if (seq < 1) throw new IllegalArgumentException("seq must be >= 1, but was " + seq);
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }
}
