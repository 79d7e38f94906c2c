package dev.assay.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical forms that ledger hashes cover.
 *
 * <p>Payload: JSON with object keys sorted in Java {@code String} order (UTF-16 code units) at every level and no
 * insignificant whitespace. Entry encoding: the ASCII tag {@code assay-ledger/1\n}, then
 * for each of seq, time, kind, subject, payload, prevHash and keyId, its UTF-8 byte
 * length in decimal, a colon, the bytes and a newline. Length prefixes make the encoding
 * injective: no two different entries encode to the same bytes.
 */
final class Canonical {
    static final String GENESIS_HASH = "0".repeat(64);
    private static final byte[] TAG = "assay-ledger/1\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD_TAG = "assay-ledger-head/1\n".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private Canonical() {}

    /** Canonical JSON text of a payload object. */
    static String payload(JsonNode payload) {
        if (payload == null || !payload.isObject())
            throw new InvalidInputException("ledger payload must be a JSON object, but was "
                    + (payload == null ? "null" : payload.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        return dev.assay.core.CanonicalJson.text(payload);
    }

    /** Hex SHA-256 of an entry's canonical encoding. */
    static String entryHash(long seq, String time, String kind, String subject, String payload,
                            String prevHash, String keyId) {
        MessageDigest md = sha256();
        md.update(TAG);
        field(md, Long.toString(seq));
        field(md, time);
        field(md, kind);
        field(md, subject);
        field(md, payload);
        field(md, prevHash);
        field(md, keyId);
        return HEX.formatHex(md.digest());
    }

    static String entryHash(LedgerEntry e) {
        return entryHash(e.seq(), e.time().toString(), e.kind(), e.subject(), e.payload(), e.prevHash(), e.keyId());
    }

    /** The bytes a head signature covers. */
    static byte[] headMessage(long seq, String hash) {
        byte[] body = (seq + ":" + hash).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[HEAD_TAG.length + body.length];
        System.arraycopy(HEAD_TAG, 0, out, 0, HEAD_TAG.length);
        System.arraycopy(body, 0, out, HEAD_TAG.length, body.length);
        return out;
    }

    static byte[] hashBytes(String hexHash) {
        return HEX.parseHex(hexHash);
    }

    private static void field(MessageDigest md, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        md.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) ':');
        md.update(b);
        md.update((byte) '\n');
    }

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new LedgerException("SHA-256 is not available", e);
        }
    });

    private static MessageDigest sha256() {
        MessageDigest md = DIGEST.get();
        md.reset();
        return md;
    }
}
