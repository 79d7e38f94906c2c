package dev.assay.flink;

/** One non-blank line of a response log, undecoded: the file's index, the 1-based line number, its bytes. */
public record LogLine(int file, long line, byte[] bytes) {}
