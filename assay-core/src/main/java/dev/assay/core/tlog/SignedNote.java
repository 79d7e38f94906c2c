package dev.assay.core.tlog;

import dev.assay.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A note in the C2SP signed-note format: UTF-8 text ending in a newline, a blank line, then one
 * signature line per signer, {@code — name base64(key hash || Ed25519 signature of the text)}
 * (the first character is the em dash U+2014). {@link #open} returns the text once at least one
 * signature of a trusted key verifies, and which trusted keys signed it.
 */
public record SignedNote(String text, List<String> signers) {
    private static final String DASH = "\u2014 ";
    /** Longest note accepted. */
    public static final int MAX_BYTES = 1 << 20;

    public SignedNote {
        signers = List.copyOf(signers);
    }

    /** {@code text} signed by {@code key}: the text, a blank line and the signature line. */
    public static String sign(String text, NoteKey key) {
        requireText(text);
        byte[] sig = key.sign(text.getBytes(StandardCharsets.UTF_8));
        byte[] line = ByteBuffer.allocate(4 + sig.length).putInt(key.hash()).put(sig).array();
        return text + "\n" + DASH + key.name() + " " + Base64.getEncoder().encodeToString(line) + "\n";
    }

    /**
     * Reads {@code note} and verifies its signatures by the keys in {@code trusted} (matched by name
     * and key hash); signatures by unknown keys are ignored, a signature of a trusted key that does
     * not verify or no verifying one at all is refused with the reason.
     */
    public static SignedNote open(String note, List<NoteKey> trusted) {
        if (note == null || note.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES)
            throw new InvalidInputException("a signed note must be at most " + MAX_BYTES + " bytes");
        int split = note.lastIndexOf("\n\n");
        if (split < 0) throw new InvalidInputException("a signed note has its text, a blank line and signature lines");
        String text = note.substring(0, split + 1);
        String sigs = note.substring(split + 2);
        requireText(text);
        if (!sigs.endsWith("\n") || sigs.length() < 2) throw new InvalidInputException("a signed note ends with signature lines");
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        List<String> signedBy = new ArrayList<>();
        for (String line : sigs.substring(0, sigs.length() - 1).split("\n", -1)) {
            SignatureLine l = SignatureLine.parse(line);
            for (NoteKey k : trusted) {
                if (!k.name().equals(l.name()) || k.hash() != l.keyHash()) continue;
                if (!k.verify(message, Arrays.copyOfRange(l.bytes(), 4, l.bytes().length)))
                    throw new InvalidInputException("the signature of " + l.name() + " does not verify: the note was changed or forged");
                if (!signedBy.contains(k.name())) signedBy.add(k.name());
            }
        }
        if (signedBy.isEmpty()) throw new InvalidInputException("the note carries no signature of a trusted key");
        return new SignedNote(text, signedBy);
    }

    private static void requireText(String text) {
        if (text == null || text.isEmpty() || !text.endsWith("\n"))
            throw new InvalidInputException("a note's text ends with a newline");
        if (text.contains("\n\n")) throw new InvalidInputException("a note's text has no blank line");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && (Character.isISOControl(c) || c == '\uFEFF'))
                throw new InvalidInputException("a note's text has no control characters");
        }
    }

    /** A signature line {@code — name base64(key hash || signature)}, parsed but not verified. */
    record SignatureLine(String name, int keyHash, byte[] bytes) {
        /** Reads a line (with or without its newline); malformed ones are refused naming what is wrong. */
        static SignatureLine parse(String line) {
            String l = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
            if (!l.startsWith(DASH)) throw new InvalidInputException("signature line '" + l + "' does not start with '— '");
            String[] p = l.substring(DASH.length()).split(" ", -1);
            if (p.length != 2 || !NoteKey.validName(p[0])) throw new InvalidInputException("signature line '" + l + "' is not '— name signature'");
            byte[] b;
            try {
                b = Base64.getDecoder().decode(p[1]);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("the signature of " + p[0] + " is not base64");
            }
            if (b.length < 5) throw new InvalidInputException("the signature of " + p[0] + " is too short");
            return new SignatureLine(p[0], ByteBuffer.wrap(b, 0, 4).getInt(), b);
        }
    }
}
