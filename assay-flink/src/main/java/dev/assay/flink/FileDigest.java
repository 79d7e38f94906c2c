package dev.assay.flink;

/** What reading one log found: the file's index, its SHA-256 (hex, of the bytes as stored) and its line count. */
public record FileDigest(int file, String sha256, long lines) {}
