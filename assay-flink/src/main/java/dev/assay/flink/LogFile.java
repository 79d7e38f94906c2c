package dev.assay.flink;

/** One response log to read: its index in the job's file list and its Flink file system path. */
public record LogFile(int index, String path) {}
