package dev.assay.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    /** The entry as the ledger export (and proof documents) write it: every stored field by name. */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("seq", seq);
        n.put("time", time.toString());
        n.put("kind", kind);
        n.put("subject", subject);
        n.put("payload", payload);
        n.put("prevHash", prevHash);
        n.put("hash", hash);
        n.put("keyId", keyId);
        n.put("signature", signature);
        return n;
    }

    /**
     * Reads an entry written by {@link #toJson()}; a missing or mistyped field is bad input whose
     * message starts with {@code where} (e.g. "ledger export line 7").
     */
    public static LedgerEntry fromJson(JsonNode n, String where) {
        if (n == null || !n.isObject()) throw new InvalidInputException(where + ": an entry must be a JSON object");
        JsonNode s = n.get("seq");
        if (s == null || !s.isIntegralNumber() || !s.canConvertToLong())
            throw new InvalidInputException(where + ": missing integer field 'seq'");
        if (s.asLong() < 1) throw new InvalidInputException(where + ": seq must be >= 1, but was " + s.asLong());
        Instant time;
        try {
            time = Instant.parse(text(n, "time", where));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(where + ": time is not an ISO-8601 instant: " + n.path("time").asText());
        }
        return new LedgerEntry(s.asLong(), time, text(n, "kind", where), text(n, "subject", where), text(n, "payload", where),
                text(n, "prevHash", where), text(n, "hash", where), text(n, "keyId", where), text(n, "signature", where));
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new InvalidInputException(where + ": missing text field '" + field + "'");
        return v.asText();
    }
}
