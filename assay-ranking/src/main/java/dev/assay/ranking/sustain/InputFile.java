package dev.assay.ranking.sustain;

import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        if (!Files.exists(file)) throw new InvalidInputException(role + " file not found: " + file);
        return new InputFile(role, file.toString(), Hashing.sha256Hex(file));
    }
}
