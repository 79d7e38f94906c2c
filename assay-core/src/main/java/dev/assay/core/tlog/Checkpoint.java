package dev.assay.core.tlog;

import dev.assay.core.InvalidInputException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The body of a C2SP {@code tlog-checkpoint}: the log's origin line, its tree size in decimal and
 * its root hash in base64, each on its own line; signed as a {@link SignedNote}.
 */
public record Checkpoint(String origin, long size, byte[] root) {
    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        if (origin.isBlank() || origin.contains("\n") || !origin.strip().equals(origin))
            throw new InvalidInputException("a checkpoint's origin is one non-empty line, but was '" + origin + "'");
        if (size < 0) throw new InvalidInputException("a checkpoint's tree size is >= 0, but was " + size);
        if (root == null || root.length != Merkle.HASH_BYTES)
            throw new InvalidInputException("a checkpoint's root hash has " + Merkle.HASH_BYTES + " bytes");
        root = root.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    /** The note text: origin, size and base64 root, each ending in a newline. */
    public String text() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    /** This checkpoint signed by {@code key} as a signed note. */
    public String sign(NoteKey key) {
        return SignedNote.sign(text(), key);
    }

    /** Reads a checkpoint body (further lines, the extension lines of the spec, are ignored). */
    public static Checkpoint parse(String text) {
        String[] lines = text == null ? new String[0] : text.split("\n", -1);
        if (lines.length < 4 || !lines[lines.length - 1].isEmpty())
            throw new InvalidInputException("a checkpoint has an origin line, a size line and a root hash line");
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("a checkpoint's size line must be a decimal number, but was '" + lines[1] + "'");
        }
        if (!lines[1].equals(Long.toString(size))) throw new InvalidInputException("a checkpoint's size has no sign or leading zeros");
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("a checkpoint's root hash line is not base64");
        }
        return new Checkpoint(lines[0], size, root);
    }

    /** Opens a signed checkpoint note, verified by one of {@code trusted}, whose origin must be {@code origin}. */
    public static Checkpoint open(String note, String origin, java.util.List<NoteKey> trusted) {
        Checkpoint c = parse(SignedNote.open(note, trusted).text());
        if (!c.origin().equals(origin))
            throw new InvalidInputException("the checkpoint is of log '" + c.origin() + "', not '" + origin + "'");
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size && Arrays.equals(c.root, root);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, Arrays.hashCode(root));
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + ", " + size + ", " + Merkle.hex(root) + "]";
    }
}
