package dev.assay.core.tlog;

import dev.assay.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * C2SP {@code tlog-cosignature} v1 with Ed25519 ({@link CosignerKey}, type {@code 0x04}): a signed-note
 * signature line {@code — name base64(key hash || timestamp || signature)} whose 8-byte big-endian
 * timestamp is POSIX seconds and whose Ed25519 signature covers
 * {@code "cosignature/v1\ntime <timestamp>\n"} followed by the whole checkpoint body (extension lines
 * included). A cosignature states that, at that time, this was the largest consistent tree the
 * cosigner had seen for the log.
 */
public final class Cosignature {
    private static final String DASH = "\u2014 ";
    private static final int SIGNATURE_BYTES = 4 + 8 + 64;

    private Cosignature() {}

    /** Which cosigners' signatures verified on a checkpoint, and when each signed. */
    public record Cosigned(Checkpoint checkpoint, Map<String, Instant> cosignedAt) {
        public Cosigned {
            Objects.requireNonNull(checkpoint, "checkpoint");
            cosignedAt = Map.copyOf(cosignedAt);
        }
    }

    /** The cosignature line (ending in a newline) of {@code key} over the checkpoint body {@code text} at {@code time}. */
    public static String line(String text, CosignerKey key, Instant time) {
        Checkpoint.parse(text);
        long t = time.getEpochSecond();
        if (t <= 0) throw new InvalidInputException("a cosignature's time is after 1970-01-01T00:00:00Z, but was " + time);
        byte[] sig = key.sign(message(t, text));
        byte[] b = ByteBuffer.allocate(SIGNATURE_BYTES).putInt(key.hash()).putLong(t).put(sig).array();
        return DASH + key.name() + " " + Base64.getEncoder().encodeToString(b) + "\n";
    }

    /**
     * Verifies the cosignature {@code line} (with or without its newline) of {@code key} over the
     * checkpoint body {@code text}; returns its time, or throws {@link InvalidInputException} saying why not.
     */
    public static Instant verify(String text, String line, CosignerKey key) {
        Checkpoint.parse(text);
        SignedNote.SignatureLine l = SignedNote.SignatureLine.parse(line);
        if (!l.name().equals(key.name()) || l.keyHash() != key.hash())
            throw new InvalidInputException("the cosignature is by " + l.name() + "+" + String.format("%08x", l.keyHash())
                    + ", not by " + key.name() + "+" + String.format("%08x", key.hash()));
        if (l.bytes().length != SIGNATURE_BYTES)
            throw new InvalidInputException("a cosignature of " + l.name() + " has " + SIGNATURE_BYTES + " bytes, but this one has " + l.bytes().length);
        long t = ByteBuffer.wrap(l.bytes(), 4, 8).getLong();
        if (t < 0) throw new InvalidInputException("the cosignature of " + l.name() + " has a timestamp beyond 2^63 - 1");
        byte[] sig = java.util.Arrays.copyOfRange(l.bytes(), 12, SIGNATURE_BYTES);
        if (!key.verify(message(t, text), sig))
            throw new InvalidInputException("the cosignature of " + l.name() + " does not verify: the checkpoint was changed or the cosignature forged");
        return Instant.ofEpochSecond(t);
    }

    /** The time in a cosignature line, unverified (key hash, then the 8-byte timestamp). */
    public static Instant timestamp(String line) {
        SignedNote.SignatureLine l = SignedNote.SignatureLine.parse(line);
        if (l.bytes().length < 12) throw new InvalidInputException("the cosignature of " + l.name() + " is too short for a timestamp");
        long t = ByteBuffer.wrap(l.bytes(), 4, 8).getLong();
        if (t < 0) throw new InvalidInputException("the cosignature of " + l.name() + " has a timestamp beyond 2^63 - 1");
        return Instant.ofEpochSecond(t);
    }

    /**
     * Opens the checkpoint {@code note} of log {@code origin} signed by {@code logKey} and requires valid
     * cosignatures of at least {@code k} distinct keys of {@code witnesses}. Lines by other keys are
     * ignored; a line that names a witness key but does not verify is refused, as signed notes refuse a
     * bad signature of a known key.
     */
    public static Cosigned requireCosigners(String note, NoteKey logKey, String origin, List<CosignerKey> witnesses, int k) {
        if (k < 1 || k > witnesses.size())
            throw new InvalidInputException("the quorum must be between 1 and the " + witnesses.size() + " witnesses, but was " + k);
        Checkpoint checkpoint = Checkpoint.open(note, origin, List.of(logKey));
        int split = note.lastIndexOf("\n\n");
        String body = note.substring(0, split + 1);
        Map<String, Instant> verified = new LinkedHashMap<>();
        for (String line : note.substring(split + 2).split("\n")) {
            SignedNote.SignatureLine l = SignedNote.SignatureLine.parse(line);
            for (CosignerKey w : witnesses) {
                if (!w.name().equals(l.name()) || w.hash() != l.keyHash()) continue;
                verified.put(w.verifierKey(), verify(body, line, w));
            }
        }
        if (verified.size() < k)
            throw new InvalidInputException(k + " of " + witnesses.size() + " witnesses must cosign the checkpoint of " + origin
                    + " at size " + checkpoint.size() + ", but " + verified.size() + " verified" + (verified.isEmpty() ? "" : " ("
                    + String.join(", ", verified.keySet().stream().map(v -> v.substring(0, v.indexOf('+'))).toList()) + ")"));
        Map<String, Instant> byName = new LinkedHashMap<>();
        verified.forEach((v, t) -> byName.put(v.substring(0, v.indexOf('+')), t));
        return new Cosigned(checkpoint, byName);
    }

    /** The signed message: the header line, the time line, then the checkpoint body. */
    static byte[] message(long time, String text) {
        return ("cosignature/v1\ntime " + time + "\n" + text).getBytes(StandardCharsets.UTF_8);
    }

    /** The signature lines of a response or note part: each {@code — name base64}, newline-terminated. */
    static List<String> lines(String text) {
        if (text.isEmpty() || !text.endsWith("\n")) throw new InvalidInputException("signature lines end with a newline");
        List<String> out = new ArrayList<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            SignedNote.SignatureLine.parse(line);
            out.add(line + "\n");
        }
        return out;
    }
}
