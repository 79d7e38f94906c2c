package dev.assay.ranking.sustain;

import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** An input of the cycle by role ({@code qrels}, {@code production}, {@code candidate}), with the SHA-256 of its bytes. */
public record InputFile(String role, String path, String sha256) {
    public InputFile {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(path, "path");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("sha256 must be 64 hex digits, but was " + sha256);
    }

    /** Hashes {@code file}. */
    public static InputFile of(String role, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = newDigest();
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            return new InputFile(role, file.toString(), HexFormat.of().formatHex(md.digest()));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(role + " file not found: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + role + " file " + file, e);
        }
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }
}
