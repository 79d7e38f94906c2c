package dev.assay.fingerprint.encode;

import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What fixes an encoding: the dimension D (bits, a positive multiple of 64), the item memory's seed, the byte
 * n-gram length and how many bytes of a response's text are encoded (the rest is ignored, so a huge response
 * costs bounded time). Two signatures compare only when their configurations' {@link #hash()} agree.
 */
public record EncoderConfig(int dimension, String seed, int ngram, int maxTextBytes) {
    public static final int DEFAULT_DIMENSION = 16_384;
    public static final String DEFAULT_SEED = "assay";
    public static final int DEFAULT_NGRAM = 3;
    public static final int DEFAULT_MAX_TEXT_BYTES = 1 << 20;
    /** Largest dimension accepted: 2^20 bits (128 KiB per vector). */
    public static final int MAX_DIMENSION = 1 << 20;
    /** Names the encoding scheme; part of the hash, so a change of scheme never compares with old signatures. */
    static final String SCHEME = "assay.encoder.v2 text=distinct-byte-ngrams structure=tool-calls.v1 vector=rademacher-srp.v1"
            + " logprobs=surprisal-rank-entropy-gap.v1";

    public static final EncoderConfig DEFAULT = new EncoderConfig(DEFAULT_DIMENSION, DEFAULT_SEED, DEFAULT_NGRAM, DEFAULT_MAX_TEXT_BYTES);

    public EncoderConfig {
        Objects.requireNonNull(seed, "seed");
        if (dimension < 64 || dimension % 64 != 0 || dimension > MAX_DIMENSION) {
            throw new InvalidInputException("dimension must be a multiple of 64 from 64 to " + MAX_DIMENSION + ", but was " + dimension);
        }
        if (ngram < 1 || ngram > 8) throw new InvalidInputException("n-gram length must be 1 to 8, but was " + ngram);
        if (maxTextBytes < 1) throw new InvalidInputException("max text bytes must be at least 1, but was " + maxTextBytes);
        if (seed.isEmpty() || seed.length() > 256 || seed.chars().anyMatch(c -> c == 0)) {
            throw new InvalidInputException("seed must be 1 to 256 characters without NUL");
        }
    }

    /** A default configuration with another dimension and seed. */
    public static EncoderConfig of(int dimension, String seed) {
        return new EncoderConfig(dimension, seed, DEFAULT_NGRAM, DEFAULT_MAX_TEXT_BYTES);
    }

    /** The canonical text of this configuration, which {@link #hash()} digests. */
    public String canonical() {
        return SCHEME + "\ndimension=" + dimension + "\nseed=" + seed + "\nngram=" + ngram + "\nmaxTextBytes=" + maxTextBytes + "\n";
    }

    /** SHA-256 of {@link #canonical()}, lower-case hex. */
    public String hash() {
        return Hashing.sha256Hex(canonical().getBytes(StandardCharsets.UTF_8));
    }
}
